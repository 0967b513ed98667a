"""The report as tables and as an Excel workbook (#15 报表): one sheet per
table, Chinese headings, the numbers of the report."""
from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from bot.i18n import Catalog
from bot.services.report import CourseRow, JobsRow, Report, SupplyRow, SurveyRow, TicketRow, TrainingRow
from bot.services.report_tables import report_tables, report_xlsx, xlsx_name


@pytest.fixture(scope="module")
def catalog():
    return Catalog()


def sample() -> Report:
    return Report(
        start=date(2026, 11, 1), end=date(2026, 11, 30), jobs_posted=7, places_posted=20, places_filled=5,
        jobs_by_trade=[JobsRow("welder", "焊工", "Welder", 4, 12, 3), JobsRow("porter", "搬运工", "Porter", 3, 8, 2)],
        jobs_by_area=[JobsRow("jinjiang", "晋江市", "Jinjiang", 7, 20, 5)],
        workers_total=9, workers_new=2,
        supply=[SupplyRow("welder", "焊工", "Welder", 9, 1), SupplyRow("porter", "搬运工", "Porter", 2, 6)],
        area_supply=[SupplyRow("jinjiang", "晋江市", "Jinjiang", 11, 4)],
        tickets_total=3, tickets_reply_hours=1.25, tickets_close_hours=30.0,
        tickets_by_kind=[TicketRow("wages", 2, 1.0, 24.0), TicketRow("injury", 1, None, None)],
        tickets_closed=2, satisfaction_average=4.5, satisfaction_rated=2,
        survey=[SurveyRow("environment", 4.0, 3, 3.5, 6), SurveyRow("process", None, 0, None, 0),
                SurveyRow("result", 3.0, 2, 4.0, 4)],
        courses=[CourseRow("c1", "电工上岗培训", "2026-12-10", 30, 12, 2, 40)],
        training=[TrainingRow("electrician", "电工", "Electrician", 5, 2)])


def test_the_workbook_has_a_sheet_per_table_with_chinese_headings_and_the_numbers(catalog):
    data = report_xlsx(report_tables(sample(), catalog), title="report")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["概况", "招工按工种", "招工按地区", "各工种供需", "各地区供需", "紧缺工种", "投诉和留言",
                             "满意度调查", "培训报名", "培训需求"]
    assert list(wb["各地区供需"].values)[1:] == [("晋江市", 11, 4, 7)]
    rows = list(wb["招工按工种"].values)
    assert rows[0] == ("工种", "发布招工（个）", "要人（人）", "招到（人）")
    assert rows[1:] == [("焊工", 4, 12, 3), ("搬运工", 3, 8, 2)]
    summary = dict(list(wb["概况"].values)[1:])
    assert summary["发布招工（个）"] == 7 and summary["首次回复用时中位数（小时）"] == 1.2
    shortage = list(wb["紧缺工种"].values)
    assert shortage[1] == ("焊工", 9, 1, 8) and len(shortage) == 2      # the porter has more people than places
    tickets = list(wb["投诉和留言"].values)
    assert tickets[1] == ("拖欠工资", 2, 1.0, 24.0) and tickets[2] == ("受伤、不安全", 1, None, None)
    survey = list(wb["满意度调查"].values)
    assert survey[1] == ("环境", 4.0, 3, 3.5, 6, "变好了") and survey[3][-1] == "变差了"
    assert list(wb["培训报名"].values)[1] == ("电工上岗培训", "2026-12-10", 30, 12, 2, 40)


def test_english_tables_for_an_english_reader(catalog):
    tables = report_tables(sample(), catalog, "en")
    assert tables[1].title == "Jobs by trade" and tables[1].rows[0][0] == "Welder"


def test_an_empty_report_still_makes_every_sheet(catalog):
    wb = load_workbook(io.BytesIO(report_xlsx(report_tables(Report(date(2026, 1, 1), date(2026, 1, 1)), catalog))))
    assert len(wb.sheetnames) == 10 and list(wb["招工按工种"].values) == [("工种", "发布招工（个）", "要人（人）", "招到（人）")]


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    assert xlsx_name("a/b", taken) == "a b"
    assert xlsx_name("A/B", taken) == "A B 2"
    assert len(xlsx_name("x" * 40, taken)) == 31
