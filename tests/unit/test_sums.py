"""Sums of money in complaint texts: what makes a wage complaint urgent
(5,000 yuan or more) is the amount owed, never the phone number, the ID
number, a date, a job number or the count of days beside it."""
import pytest

from bot.features.complaints.tickets import LARGE_WAGE_SUM, largest_sum

# (what a worker wrote or said, the largest sum in it)
COMPLAINTS = [
    # the cases from the issue
    ("欠我300元…电话13655556666", 300),
    ("三个月工资一万二", 12000),
    ("欠了两千四", 2400),
    ("12天工钱一共2400", 2400),
    # phone numbers: typed, spaced, said digit by digit, landlines
    ("老板欠我工资 13655556666 是我电话", 0),
    ("我电话是136 5555 6666 欠我三百", 300),
    ("老板欠我工资一万二千块钱到现在还没给我电话幺三六五五五五六六六六", 12000),
    ("座机0595-22345678，欠款7000", 7000),
    ("我在晋江鞋厂干了两个月，老板还欠我八千五没给，电话13905951234", 8500),
    ("+86 139 0595 1234 欠我工钱八百", 800),
    # ID, card, order and job numbers
    ("身份证350502198501011234，欠薪4000元", 4000),
    ("我叫王五，身份证35050219850101123X，在鲤城干装修，老板欠我六千", 6000),
    ("工资卡号6222021234567890123，工资没到账", 0),
    ("工号10086，工资5500没发", 5500),
    ("订单号202405031234，货款没结", 0),
    ("快递单号SF1234567890，老板欠钱", 0),
    ("欠我钱 QQ 12345678", 0),
    ("招工#15的老板不给钱，说好一天三百", 300),
    ("第二次投诉了，老板还是欠我一千", 1000),
    # dates, times, ages, places
    ("老板欠我一万五千块钱，2024年3月到现在", 15000),
    ("2024.5.3到2024.6.1在工地干活，一共29天，工钱没结", 0),
    ("5月1号到5月20号的工资没给，每天二百五", 250),
    ("上午8:30到下午5:30，工资每天180，欠了我10天", 180),
    ("2023年干了300天", 0),
    ("我今年58岁，欠我三千多", 3000),
    ("在3号楼干活，欠我2000", 2000),
    ("住在泉秀路123号，老板欠我2000", 2000),
    # counts of days, people, months
    ("老板拖欠我三天工资不给，一共六百块", 600),
    ("包工头欠我们8个人工资共计十二万", 120000),
    ("老板欠我们三个人一共一万八", 18000),
    ("我们8个人干了半个月，每人欠3500", 3500),
    ("欠了我三千块，已经三个月了", 3000),
    ("一个月3500，干了两个月没给", 3500),
    ("干了20天每天200，一共4000，只给了1000", 4000),
    ("日结200，干了3天，一分没给", 200),
    # how people say amounts
    ("工资1.2万拖了半年", 12000),
    ("欠我1.2万", 12000),
    ("欠我两万多", 20000),
    ("欠我两三万", 20000),
    ("欠款3万元整", 30000),
    ("欠我3千5", 3500),
    ("老板千万别跑了，欠我5千", 5000),
    ("工钱还有2万没结清", 20000),
    ("欠我工资一千三百六十五", 1365),
    ("欠我工资两个月了每个月四千五", 4500),
    ("我的工资是每月五千，老板已经两个月没发了", 5000),
    ("包工头跑了，欠我们十几个人的工资，一共大概二十多万", 200000),
    ("他只给了我五百块，还差两千", 2000),
    ("还差八百没给", 800),
    ("老板说下个月给，欠1500", 1500),
    ("加班费三百多块没算", 300),
    ("扣了我500块押金", 500),
    ("押金500不退", 500),
    ("月薪8k，拖了一个月", 8000),
    ("欠我¥6800", 6800),
    ("老板不给钱", 0),
    ("", 0),
]


@pytest.mark.parametrize("text,expected", COMPLAINTS)
def test_the_largest_sum_is_the_amount_owed(text, expected):
    assert largest_sum(text) == expected


def test_every_amount_in_order():
    from bot.language.parsing import sums_of_money

    assert sums_of_money("干了20天每天200，一共4000，只给了1000") == [200, 4000, 1000]
    assert sums_of_money("他只给了我五百块，还差两千") == [500, 2000]


def test_a_small_wage_complaint_with_a_phone_is_not_urgent_and_a_large_one_is():
    assert largest_sum("欠我300元，电话13655556666") < LARGE_WAGE_SUM
    assert largest_sum("三个月工资一万二，电话13655556666") >= LARGE_WAGE_SUM
    assert largest_sum("欠了两千四，我身份证号350502198501011234") < LARGE_WAGE_SUM
