"""Wagtail's search index and reference index, filled in one batch instead of on every save.

With tasks run at once (cms/settings/test.py), each save of a page, picture or snippet
re-indexes it for search (recomputing every entry's title weight) and re-lists its references.
Building a town saves most pages several times over (made, revised, published), so filling the
indexes once at the end, each object once, gives the same indexes in a fraction of the time.
"""

from contextlib import contextmanager
from importlib import import_module

# What Wagtail keeps up on every save, by the marker a test uses to ask for it: the module whose
# post_save handler enqueues the update, the module defining the task, and the task's name.
INDEX_UPKEEP = {
    "search_index": ("modelsearch.signal_handlers", "modelsearch.tasks", "insert_or_update_object_task"),
    "reference_index": ("wagtail.signal_handlers", "wagtail.tasks", "update_reference_index_task"),
}


class Collect:
    """Stands in for an index task: notes each object saved, once, in the order first saved."""

    def __init__(self):
        self.saved = {}  # (app_label, model_name): {pk: None}

    def enqueue(self, app_label, model_name, pk):
        self.saved.setdefault((app_label, model_name), {})[pk] = None

    def still_there(self):
        """(model, pks) of each model saved, keeping only rows not deleted since."""
        from django.apps import apps

        for (app_label, model_name), pks in self.saved.items():
            model = apps.get_model(app_label, model_name)
            yield model, model.objects.filter(pk__in=list(pks))


@contextmanager
def filled_at_the_end(*kinds):
    """Inside, saving updates none of the indexes in ``kinds`` (keys of INDEX_UPKEEP); when it ends,
    every object saved inside (and still there) goes into each of them once."""
    collected = {kind: Collect() for kind in kinds}
    replaced = []
    try:
        for kind, collect in collected.items():
            handlers, _tasks, task = INDEX_UPKEEP[kind]
            module = import_module(handlers)
            replaced.append((module, task, getattr(module, task)))
            setattr(module, task, collect)
        yield
    finally:
        for module, task, original in replaced:
            setattr(module, task, original)
    if "search_index" in collected:
        add_to_search_index(row for _model, rows in collected["search_index"].still_there() for row in rows)
    if "reference_index" in collected:
        # Wagtail's own task, which finds the parent of a child row (an orderable) to list instead.
        _handlers, tasks, task = INDEX_UPKEEP["reference_index"]
        update = getattr(import_module(tasks), task)
        for model, rows in collected["reference_index"].still_there():
            for pk in rows.values_list("pk", flat=True):
                update.call(model._meta.app_label, model._meta.model_name, pk)


def add_to_search_index(instances):
    """Each instance in the search index, one batch per model (as ``update_index`` adds them)."""
    from modelsearch import index
    from modelsearch.backends import get_search_backends

    batches = {}
    for instance in instances:
        indexed = index.get_indexed_instance(instance)
        if indexed is not None:
            batches.setdefault(type(indexed), {})[indexed.pk] = indexed
    for backend in get_search_backends(with_auto_update=True):
        for model, objects in batches.items():
            backend.add_bulk(model, list(objects.values()))
