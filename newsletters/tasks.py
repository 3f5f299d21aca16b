"""Background work for newsletters: imports of posts started in the admin. Each task is safe to run twice."""

import logging

from django_tasks import task

from .importing import import_posts
from .models import PostImport

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 10


@task()
def run_post_import(import_id):
    """Import the file a ``PostImport`` holds, noting progress as it goes; a second run does nothing."""
    claimed = PostImport.objects.filter(pk=import_id, status=PostImport.Status.QUEUED).update(
        status=PostImport.Status.RUNNING
    )
    if not claimed:
        return None
    job = PostImport.objects.select_related("publication", "requested_by").get(pk=import_id)
    user = job.requested_by
    publication = job.publication
    permissions = publication.permissions_for_user(user) if user is not None else None
    if permissions is None or not permissions.can_add_subpage():
        PostImport.objects.filter(pk=import_id).update(
            status=PostImport.Status.FAILED, data=b"", report={**job.report, "error": ""}
        )
        return None

    def progress(done, total, outcome):
        if done % PROGRESS_EVERY == 0 or done == total:
            PostImport.objects.filter(pk=import_id).update(done=done, total=total)

    try:
        report = import_posts(
            publication,
            bytes(job.data),
            redirects=job.redirects,
            user=user,
            may_publish=permissions.can_publish_subpage(),
            progress=progress,
        )
    except Exception as error:  # the page says it stopped; what was imported stays
        logger.exception("Post import %s stopped", import_id)
        PostImport.objects.filter(pk=import_id).update(
            status=PostImport.Status.FAILED, data=b"", report={**job.report, "error": str(error)}
        )
        return None
    PostImport.objects.filter(pk=import_id).update(
        status=PostImport.Status.DONE, data=b"", report=report.as_dict(), done=len(report.items)
    )
    return {"created": len(report.created), "updated": len(report.updated), "skipped": len(report.skipped)}
