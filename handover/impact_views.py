"""The impact report in the admin: a page with charts and tables, a CSV of every figure and a JSON feed.

Organisers need the "Can see the impact report" permission (superusers have it); a town's
organisers given it see their own town's figures only (the place filter offers their places,
and no place means their town). The three share one filter (place, surgery, dates) read
from the query string, so a report's address can be bookmarked or sent to a colleague.
"""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.spreadsheets import spreadsheet_safe

from .impact import FIGURES, SHIFT_FIGURES, ImpactFilterForm, filter_description, impact_report

PERMISSION = "handover.view_impact"

CHART_WIDTH = 640
CHART_HEIGHT = 220
CHART_LEFT = 40
CHART_BOTTOM = 30
MONTH_SERIES = [("attended", gettext_lazy("People who came")), ("help", gettext_lazy("Help log entries"))]


def may_see_impact(user):
    return user.is_active and user.has_perm(PERMISSION)


def month_chart(months):
    """Bars for people who came and help given each month, placed on a 640 x 220 drawing."""
    if not months:
        return None
    top = max(max(row[key] for key, _ in MONTH_SERIES) for row in months) or 1
    plot_width = CHART_WIDTH - CHART_LEFT - 10
    plot_height = CHART_HEIGHT - CHART_BOTTOM - 10
    slot = plot_width / len(months)
    bar_width = max(slot / (len(MONTH_SERIES) + 1), 1)
    label_every = max(1, len(months) // 12)
    groups = []
    for index, row in enumerate(months):
        x = CHART_LEFT + index * slot
        bars = []
        for series, (key, label) in enumerate(MONTH_SERIES):
            height = row[key] / top * plot_height
            bars.append(
                {
                    "series": key,
                    "label": label,
                    "value": row[key],
                    "x": round(x + bar_width * (series + 0.5), 1),
                    "y": round(10 + plot_height - height, 1),
                    "width": round(bar_width, 1),
                    "height": round(height, 1),
                }
            )
        groups.append(
            {
                "month": row["month"],
                "bars": bars,
                "label_x": round(x + slot / 2, 1),
                "show_label": index % label_every == 0,
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "axis_y": CHART_HEIGHT - CHART_BOTTOM,
        "label_y": CHART_HEIGHT - CHART_BOTTOM + 16,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - 10,
        "top": top,
        "groups": groups,
        "series": MONTH_SERIES,
    }


def topic_chart(topics):
    """A horizontal bar per topic, longest first."""
    if not topics:
        return None
    top = max(count for _, count in topics) or 1
    row_height = 24
    label_width = 200
    bar_room = CHART_WIDTH - label_width - 50
    return {
        "width": CHART_WIDTH,
        "height": row_height * len(topics) + 10,
        "label_width": label_width - 8,
        "rows": [
            {
                "topic": name,
                "value": count,
                "y": 5 + index * row_height,
                "text_y": 5 + index * row_height + 16,
                "x": label_width,
                "width": round(max(count / top * bar_room, 1), 1),
                "value_x": round(label_width + count / top * bar_room + 6, 1),
            }
            for index, (name, count) in enumerate(topics)
        ],
    }


class ImpactMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_see_impact(request.user):
            return self.refused()
        self.form = ImpactFilterForm(request.GET, user=request.user)
        if not self.form.is_valid():
            return self.bad_filter()
        self.report_filter = self.form.report_filter()
        return super().dispatch(request, *args, **kwargs)

    def refused(self):
        return JsonResponse({"error": gettext("You need permission to see the impact report.")}, status=403)

    def surgery_title(self):
        chosen = str(self.report_filter["surgery_id"] or "")
        return dict(self.form.fields["surgery"].choices).get(chosen, "") if chosen else ""

    def bad_filter(self):
        return JsonResponse({"errors": self.form.errors.get_json_data()}, status=400)


class ImpactView(ImpactMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "handover/admin/impact.html"
    page_title = gettext_lazy("Impact")
    header_icon = "pick"

    def refused(self):
        raise PermissionDenied  # Wagtail takes the organiser back to the dashboard with a message

    def bad_filter(self):
        return self.render_to_response(self.get_context_data(), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        if not self.form.is_valid():
            return context
        report = impact_report(self.report_filter)
        figures = report["figures"]
        query = self.request.GET.urlencode()
        context.update(
            report=report,
            described=filter_description(self.report_filter, self.surgery_title()),
            figure_rows=[(label, figures[key]) for key, label in FIGURES],
            shift_figures=SHIFT_FIGURES,
            shift_rows=[
                (place, [(place["before"][key], place["after"][key]) for key, _ in SHIFT_FIGURES])
                for place in report["places"]
            ],
            month_chart=month_chart(report["months"]),
            topic_chart=topic_chart(report["topics"]),
            query=f"?{query}" if query else "",
        )
        return context


def report_rows(report, described):
    """Every figure as (section, figure, value) rows, for the CSV."""
    rows = [(gettext("Report"), gettext("Covers"), described)]
    figures = report["figures"]
    rows += [(gettext("Totals"), str(label), figures[key]) for key, label in FIGURES]
    for row in report["months"]:
        month = gettext("Month %(month)s") % {"month": row["month"].strftime("%Y-%m")}
        rows += [
            (month, gettext("Surgeries held"), row["surgeries"]),
            (month, gettext("People who came"), row["attended"]),
            (month, gettext("Help log entries"), row["help"]),
        ]
    rows += [(gettext("Helped with"), topic, count) for topic, count in report["topics"]]
    periods = (
        ("before", gettext("%(place)s: in the 6 months before the first surgery")),
        ("after", gettext("%(place)s: from the first surgery")),
    )
    for place in report["places"]:
        rows.append((place["place"], gettext("First surgery"), place["first_surgery"].isoformat()))
        for when, words in periods:
            section = words % {"place": place["place"]}
            rows += [(section, str(label), place[when][key]) for key, label in SHIFT_FIGURES]
    return rows


class ImpactCsvView(ImpactMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        report = impact_report(self.report_filter)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["section", "figure", "value"])
        for row in report_rows(report, filter_description(self.report_filter, self.surgery_title())):
            writer.writerow([spreadsheet_safe(cell) for cell in row])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="impact.csv"'
        response["Cache-Control"] = "private, no-store"
        return response


class ImpactJsonView(ImpactMixin, TemplateView):
    """Read-only, for organisers' own reports. Its keys are kept stable: add new ones, never rename."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        report = impact_report(self.report_filter)
        report_filter = self.report_filter
        data = {
            "filter": {
                "place": report_filter["place"].pk if report_filter["place"] else None,
                "place_title": report_filter["place"].title if report_filter["place"] else None,
                "surgery": report_filter["surgery_id"],
                "start": report_filter["start"],
                "end": report_filter["end"],
            },
            "figures": report["figures"],
            "months": [{**row, "month": row["month"].strftime("%Y-%m")} for row in report["months"]],
            "topics": [{"topic": topic, "help_log_entries": count} for topic, count in report["topics"]],
            "places": report["places"],
        }
        response = JsonResponse(data)
        response["Cache-Control"] = "private, no-store"
        return response
