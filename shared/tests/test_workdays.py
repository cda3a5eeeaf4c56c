"""Working days in England and Wales: weekends, bank holidays with their substitute days, council closure days."""

from datetime import date

import holidays
import pytest

from shared import workdays
from shared.models import ClosureDay
from shared.workdays import WorkingCalendar

plain = WorkingCalendar()


def test_wales_has_the_same_bank_holidays_as_england_in_the_library():
    years = range(2018, 2036)
    england = holidays.country_holidays("GB", subdiv="ENG", years=years)
    wales = holidays.country_holidays("GB", subdiv="WLS", years=years)
    assert set(england) == set(wales)


def test_a_weekend_is_not_a_working_day():
    assert not plain.is_working_day(date(2026, 3, 28))  # Saturday
    assert not plain.is_working_day(date(2026, 3, 29))  # Sunday
    assert plain.is_working_day(date(2026, 3, 30))


def test_christmas_on_a_saturday_moves_both_holidays_to_monday_and_tuesday():
    # 2021: Christmas Day Saturday, Boxing Day Sunday; the substitute days are Monday 27 and Tuesday 28.
    assert not plain.is_working_day(date(2021, 12, 27))
    assert not plain.is_working_day(date(2021, 12, 28))
    assert plain.add_working_days(date(2021, 12, 24), 1) == date(2021, 12, 29)


def test_christmas_on_a_sunday_gives_a_substitute_on_the_tuesday():
    # 2022: Christmas Day Sunday, Boxing Day Monday 26, substitute for Christmas Tuesday 27.
    assert not plain.is_working_day(date(2022, 12, 26))
    assert not plain.is_working_day(date(2022, 12, 27))
    assert plain.add_working_days(date(2022, 12, 23), 1) == date(2022, 12, 28)


def test_boxing_day_on_a_saturday_gives_a_substitute_on_the_monday():
    # 2020: Christmas Day Friday, Boxing Day Saturday, substitute Monday 28 December.
    assert not plain.is_working_day(date(2020, 12, 28))
    assert plain.add_working_days(date(2020, 12, 24), 1) == date(2020, 12, 29)


def test_a_new_years_day_substitute_bank_holiday_is_not_a_working_day():
    # 1 January 2022 was a Saturday: the bank holiday was Monday 3 January.
    assert not plain.is_working_day(date(2022, 1, 3))
    assert plain.add_working_days(date(2021, 12, 31), 1) == date(2022, 1, 4)


def test_good_friday_and_easter_monday_are_skipped():
    # Easter 2024: Good Friday 29 March, Easter Monday 1 April.
    assert not plain.is_working_day(date(2024, 3, 29))
    assert not plain.is_working_day(date(2024, 4, 1))
    assert plain.add_working_days(date(2024, 3, 28), 1) == date(2024, 4, 2)


def test_ten_working_days_across_christmas_and_new_year():
    # Received Monday 20 December 2021: 21-24 Dec (4), 29-31 Dec (7), 4-6 Jan (10); 3 Jan is a substitute day.
    assert plain.add_working_days(date(2021, 12, 20), 10) == date(2022, 1, 6)


def test_twenty_working_days_across_easter():
    # Received Monday 18 March 2024: Good Friday and Easter Monday add two days to four weeks.
    assert plain.add_working_days(date(2024, 3, 18), 20) == date(2024, 4, 17)


def test_a_report_made_at_the_weekend_is_counted_from_the_next_working_day():
    assert plain.add_working_days(date(2026, 3, 28), 1) == date(2026, 3, 30)


def test_adding_no_working_days_gives_the_day_itself():
    assert plain.add_working_days(date(2026, 3, 28), 0) == date(2026, 3, 28)


def test_counting_backwards_is_refused():
    with pytest.raises(ValueError):
        plain.add_working_days(date(2026, 3, 28), -1)


def test_working_days_between_counts_the_days_after_the_first_up_to_the_last():
    assert plain.working_days_between(date(2026, 3, 30), date(2026, 3, 30)) == 0
    assert plain.working_days_between(date(2026, 3, 27), date(2026, 3, 30)) == 1  # Friday to Monday
    assert plain.working_days_between(date(2021, 12, 24), date(2021, 12, 29)) == 1
    assert plain.working_days_between(date(2021, 12, 29), date(2021, 12, 24)) == -1


def test_working_days_between_undoes_adding_working_days():
    start = date(2024, 3, 18)
    assert plain.working_days_between(start, plain.add_working_days(start, 20)) == 20


def test_a_closure_day_is_not_a_working_day():
    closed = WorkingCalendar.with_closures([date(2021, 12, 29)])
    assert not closed.is_working_day(date(2021, 12, 29))
    assert closed.add_working_days(date(2021, 12, 24), 1) == date(2021, 12, 30)


def test_next_working_day_skips_a_bank_holiday_weekend():
    assert plain.next_working_day(date(2024, 3, 29)) == date(2024, 4, 2)
    assert plain.next_working_day(date(2024, 4, 2)) == date(2024, 4, 2)


@pytest.mark.django_db
def test_the_councils_calendar_includes_the_closure_days_an_administrator_added():
    ClosureDay.objects.create(day=date(2021, 12, 29), reason="Council closed between Christmas and New Year")
    assert not workdays.is_working_day(date(2021, 12, 29))
    assert workdays.add_working_days(date(2021, 12, 24), 1) == date(2021, 12, 30)
    assert workdays.working_days_between(date(2021, 12, 24), date(2021, 12, 30)) == 1
