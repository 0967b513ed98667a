## Words for every dialog. Short, plain sentences; numbered choices; always a way back.

welcome =
    你好！这里是泉州零工市场。
    我们的服务都是免费的。
welcome-market = 你关注的是：{ $market }。
greeting = 你好！我是泉州零工市场的小助手。
menu-list =
    请回复数字，或直接说你要办的事：
    1 找工作
    2 招工（找工人）
    3 政策（社保、补贴）
    4 培训（学技术）
    5 投诉（工资、受骗）
    6 评价
    发“零工市场”查附近的市场；发“人工”找工作人员。
menu-hint = 回复“菜单”看能办什么事，回复“人工”找工作人员。
not-understood = 对不起，我没听懂。
thanks-in-dialog = 不客气！要接着办，就回答下面的问题。
thanks-reply = 好的，收到了。有事随时找我们，回复“菜单”看能办什么事。
no-thanks-reply = 好的。还有要办的事，直接说就行；回复“菜单”看能办什么事，回复“人工”找工作人员。
dialog-ways-back = （回复“返回”上一步，“取消”退出，“人工”找工作人员）
dialog-gave-up =
    好像没说清楚，没关系，你填的都留着。
    回复“接着填”再试一次；回复“人工”，工作人员来帮你；回复“取消”就不填了。
# Three answers not understood at a list only looked at (search results, a course list): nothing is kept.
dialog-gave-up-browsing =
    好像没说清楚，这次先到这里。
    想再找，直接说想干什么、在哪里；回复“菜单”看能办什么事，回复“人工”找工作人员。
dialog-paused = 好的，先办这个。刚才没填完的留着，一天内回复“接着填”就能接着填。
dialog-resumed-same = 好的，接着刚才没填完的：
nothing-to-resume = 现在没有没填完的事。
dialog-back-at-start = 这已经是第一步了，前面没有可以返回的。不办了就回复“取消”。
dialog-expired = 你上次的事情太久没回复，已经结束了。需要的话可以重新开始。
dialog-lost = 对不起，你刚才没办完的事，我这里没有记下来，请重新开始。
dialog-resume-hint = 刚才的事还没办完，直接回复就能接着办，回复“取消”结束。
voice-not-understood = 对不起，这段语音没听清。请再说一次，或者打字告诉我。
media-not-understood =
    收到你的{ $kind ->
        [image] 图片
        [video] 视频
        [shortvideo] 小视频
        [link] 链接
        [file] 文件
       *[other] 消息
    }了。我现在只看得懂文字和语音。
scan-not-supported = 扫码的内容我现在还看不懂。
answer-needs-words = 这一步请打字或者发语音回答。
pick-a-number = { $max ->
    [1] 请回复数字 1。
   *[other] 请回复 1 到 { $max } 之间的数字。
}
pick-number-or-words = { $max ->
    [1] 没看懂。请回复数字 1，或者直接说选项里的字。
   *[other] 没看懂。请回复 1 到 { $max } 之间的数字，或者直接说选项里的字。
}
summary-invalid = 没看懂。都对就回复“对”；要改哪一项，回复 1 到 { $max } 的数字。
summary-which-line = 好的，要改哪一项？回复它前面的数字，1 到 { $max }。
answer-kept = 好的，记下了：{ $what }。
answer-kept-age = 好的，记下了：{ $age } 岁。
answer-kept-days = 好的，记下了：{ $days ->
        [weekdays] 工作日能干
        [weekends] 周末能干
        [short] 就这几天能干
       *[any] 每天都能干
    }。
answer-kept-hours = 好的，记下了：{ $hours ->
        [morning] 上午
        [afternoon] 下午
        [evening] 晚上
       *[any] 全天
    }能干。
pick-which = 你说的可能是 { $numbers }，是哪一个？请回复数字。
cancelled = 好的，已经取消了。
nothing-to-cancel = 好的。现在没有正在办的事。
nothing-to-go-back = 现在没有可以返回的问题。
handed-to-staff =
    已经通知工作人员了（编号 #{ $id }），他们会在这里回复你，请留意消息。
    有急事可以直接到附近的零工市场。
human-reply-sent = 收到，已经转给工作人员了（编号 #{ $id }）。他们会在这里回复你。
human-draft-sent = 你刚才填的也一起给工作人员看了，不用再说一遍。
no-more = 没有更多内容了。
more-hint = （没说完，回复“更多”看下一页）
plain = { $text }
language-switched = 好的，以后用中文和你说话。
system-busy = 对不起，系统有点忙，请过一会儿再发一次。
slow-down = 你发得太快了，这条没有处理。请等一分钟再发。要找工作人员，请回复“人工”。

## What each service can do today

## Finding a market or station

markets-ask-area = 你在哪个区、县？请回复数字：
markets-or-location = 也可以直接发送你的位置（点“+”，选“位置”）。
markets-ask-location-first =
    想找离你最近的，请发送你的位置（点“+”，选“位置”）。
    不方便发位置，就回复你在哪个区县的数字：
numbered = { $n }. { $text }
markets-found = 找到 { $count } 个零工市场或驿站：
markets-none-in-area = { $area }还没有登记的零工市场。离那里最近的是：
market-line-distance = { $n }. { $name }（约 { $km } 公里）
markets-pick = 回复数字看地址和开放时间。
market-detail =
    { $name }
    类型：{ $kind ->
        [station] 零工驿站
       *[market] 零工市场
    }
    地址：{ $address }
    开放时间：{ $hours }
market-services = 在这里可以免费找活、招工、问政策、报培训。
area-whole-city = 泉州有好几个区县，请说是哪一个，比如“丰泽”“鲤城”，或者回复数字。
area-not-found = 没找到这个地方。请回复数字，或说区县名字，比如“丰泽”。

## Complaints and messages to staff

complaint-ask-kind =
    是什么事？请回复数字：
    1 拖欠工资
    2 受伤、不安全
    3 假招工、黑中介、收钱
    4 歧视
    5 零工市场的服务
    6 别的事
complaint-ask-job = 是哪份活？请回复数字：
complaint-job-line = { $n }. { $trades }，{ $area }，{ $month }月{ $day }日，联系人 { $contact }
complaint-job-none = 0. 都不是（不是在这里报名的活）
complaint-heard = 好的，你说的事记下了。
complaint-ask-what = 请说一说发生了什么事：哪个老板或哪份工，什么时候，怎么回事。
complaint-too-short = 说得太短了，请多说几句。
complaint-story-cut = 你说的太长了，记下了前 { $kept } 个字（你一共发了 { $total } 个字）。后面的，工作人员联系你的时候再说。
complaint-story-added = 好的，这段也加到“经过”里了（现在一共 { $length } 个字）。
complaint-story-long = （“经过”太长，上面只显示开头；{ $length } 个字全都记下了，工作人员都能看到。）
complaint-more-hint = 还有要说的，回复“补充”再加几句。
complaint-ask-more = 请接着说，我加到“经过”后面。
complaint-ask-photos = 有照片（欠条、聊天记录、受伤的地方）可以现在发过来，发完回复“好了”。没有就回复“跳过”。
complaint-photo-got = 收到 { $count } 张照片。还有就接着发，发完回复“好了”。
complaint-photos-enough = 最多 { $max } 张照片。回复“好了”接着办。
complaint-photos-send-how = 好。点输入框旁边的“+”，选“照片”，把照片发过来；发完回复“好了”。
complaint-photos-how = 请发照片，或者回复“好了”“跳过”。
complaint-ask-phone = 留个手机号，工作人员打电话给你。不想留就回复“跳过”。
complaint-ask-phone-said = 工作人员打电话给你，打你刚才说的 { $phone } 吗？是就回复“对”；不是就写你的手机号，不想留就回复“跳过”。
phone-invalid = 这个手机号不对，请输入 11 位手机号，或回复“跳过”。
phone-invalid-none = 没看到手机号。请输入 11 位手机号，或回复“跳过”。
## Notices for the staff group (WeCom markdown)

# A story too long for one notice ends with one of these (the whole is in the staff's own ticket view).
staff-cut-ticket = ……（没写完，全文请在公众号发“查看 { $id }”）
staff-cut-review = ……（没写完，全文请在公众号发“审核”）
staff-cut = ……（太长，没写完）
staff-photos-count = { $count } 张（链接太长，放不下）
# Sent instead of a notice the robot refused for its content: a pointer, nothing a user wrote.
staff-short-ticket = 编号 #{ $id } 有新情况，通知内容发不出来。请在公众号发“查看 { $id }”看。
staff-ticket-short = { $urgent ->
        [yes] 【紧急】
       *[no] {""}
    }新编号 #{ $id }：通知内容发不出来，请在公众号发“查看 { $id }”看。
staff-review-short = 招工 #{ $id } 等审核，通知内容发不出来。请在公众号发“审核”看。
staff-short = 有一条通知内容发不出来。请在公众号发“待办”或“审核”看。
# Many notices at once: the ordinary ones waiting go in one post, so the group is not flooded.
staff-combined = **{ $count } 条通知**（同时来的多，合在一起发）
staff-alert-token = **<font color="warning">微信接口出问题了</font>**
    从 { $since } 起，连续 { $count } 次拿不到 access_token：{ staff-wechat-error }（{ $error }）。
    发给用户的消息都在排队，好了以后会自动发出，不会丢。
    请检查公众号后台的 IP 白名单和 AppSecret，或者微信是不是在维护。
staff-alert-token-ok = 微信接口恢复了（从 { $since } 起失败了 { $count } 次）。排队的消息正在发出。

## Worker registration (求职登记)

reg-consent =
    登记前先说一下：我们会保存你的称呼、电话、年龄、想干的活和地方，只用来给你介绍活，一直保存到你注销。
    老板录用你以后，才能看到你的电话（你也可以选报名时就给）。想删掉，随时回复“注销”。
    1 同意，开始登记
    2 不同意
reg-ask-name = 怎么称呼你？比如“老王”“李师傅”。
name-invalid = 这个称呼不行。请说一个名字或称呼，不要超过 30 个字。
name-not-a-word = “{ $said }”不能当称呼。
reg-ask-phone = 你的手机号是多少？老板可以打给你。不想留就回复“跳过”，只用微信联系。
reg-ask-age = 你是哪一年出生的？也可以直接说年龄，比如“48岁”。
age-too-young = 按规定，要年满 16 周岁才能登记找工作。
age-invalid = 没听懂。请说出生年份，比如“1975”，或者年龄，比如“48岁”。
reg-ask-areas = 你想在哪里干活？可以说几个地方，或回复几个数字，比如“2 6”：
reg-areas-hint = 也可以回复“离我近的”，再发送你的位置。
areas-need-location = 请先发送你的位置（点“+”，选“位置”），我就按离你近的找。
reg-ask-trades = 你会干什么活？直接说，比如“搬运、开叉车”“水电工”“保洁”。
trade-not-found = 没找到这种活。换个说法试试，比如“小工”“木工”“保洁”“帮厨”。
reg-ask-skills = 有什么技能或证书吗？比如“电工证”“会开挖机”。没有就回复“无”。
reg-ask-days =
    哪些天能干活？
    1 每天都行
    2 工作日
    3 周末
    4 就这几天
reg-ask-hours =
    几点能干？
    1 全天
    2 上午
    3 下午
    4 晚上
reg-ask-pay = 你想要多少工钱？比如“一天200”“每小时25”。都行就回复“面议”。
pay-invalid = 没看懂工钱。请写数字和单位，比如“一天200”“每小时25”“150-200元/天”。
reg-ask-method =
    想怎么结工钱？
    1 日结
    2 时薪
    3 计件
    4 月结
    5 都可以
reg-ask-push =
    有合适的新活，要不要发消息告诉你？
    1 要
    2 不要
reg-summary =
    请看一下对不对：
    1. 称呼：{ $name }
    2. 电话：{ $phone ->
        [none] 不留（只用微信）
       *[other] { $phone }
    }
    3. 报名时给老板电话：{ $show_phone ->
        [yes] 报名就给
        [none] 没留电话
       *[no] 老板录用我以后才给
    }
    4. 出生年份：{ $birth_year ->
        [none] 没填
       *[other] { $birth_year }
    }
    5. 想在哪干：{ $near ->
        [yes] 离我近的
        [anywhere] 泉州哪里都行
       *[no] { $areas }
    }
    6. 会干的活：{ $trades }
    7. 技能证书：{ $skills ->
        [none] 无
       *[other] { $skills }
    }
    8. 哪些天：{ $days ->
        [weekdays] 工作日
        [weekends] 周末
        [short] 就这几天
       *[any] 每天都行
    }
    9. 几点：{ $hours ->
        [morning] 上午
        [afternoon] 下午
        [evening] 晚上
       *[any] 全天
    }
    10. 工钱：{ $pay_amount ->
        [none] 面议
       *[other] { $pay_amount } 元/{ $pay_unit ->
            [hour] 小时
            [piece] 件
            [month] 月
           *[day] 天
        }
    }
    11. 结算：{ $method ->
        [daily] 日结
        [hourly] 时薪
        [piece] 计件
        [monthly] 月结
        [on_completion] 完工结
       *[any] 都可以
    }
    12. 新活通知：{ $push ->
        [yes] 要
       *[no] 不要
    }
    13. 困难情况（残疾、低保等，可不填）：{ $hardship ->
        [none] 没说
       *[other] { $hardship }
    }{ $recognised ->
        [none] {""}
       *[other] （工作人员已认定：{ $recognised }）
    }
reg-confirm = 都对就回复“对”，马上保存；要改哪一项，就回复它前面的数字。
reg-defaults-note = { $fields }这几样没问你，先按上面写的填了。不对的话可以改。
# One field of reg-defaults-note (a list, joined by list-separator).
reg-unasked-field = { $field ->
        [age] 出生年份
        [days] 哪些天
        [hours] 几点
        [pay] 工钱
       *[push] 新活通知
    }
reg-more-offer = 还可以补充：{ $fields }。回复“补充”，我一样一样问你。
reg-more-field = { $field ->
        [age] 年龄
        [days] 哪天有空
        [hours] 几点有空
        [pay] 想要的工钱
       *[push] 有新活要不要通知你
    }
reg-more-intro = 好的，再问你几句，介绍的活会更合适。
reg-skip-hint = 不想说就回复“跳过”。
reg-already = 你已经登记过了，这是你的信息：
reg-saved = 登记好了！{ $push ->
        [yes] 有合适的新活会发消息告诉你。不想收了，回复“我的信息”改。
       *[no] 想找活的时候，回复“找工作”。
    }
reg-clause11 =
    还有三件事对你有好处，都可以免费问：
    1. 就业登记：带身份证到零工市场或社区服务窗口办。
    2. 养老保险：灵活就业人员可以自己交企业职工养老保险。
    3. 职业伤害保障：送外卖、跑腿等新就业形态，干活受伤有保障。
    想了解哪个，直接发“就业登记”“养老保险”或“工伤”。
reg-declined = 好的，我们没有保存你的任何信息。
profile-none = 你还没有登记。回复“登记”开始登记找活，回复“招工”发布招工。
profile-intro = 这是我们保存的你的信息。
profile-employer =
    招工方：{ $name }（{ $kind ->
        [company] 公司
       *[person] 个人
    }），电话：{ $phone }
profile-employer-hint = 回复“我的招工”查看和修改你发的招工。回复“注销”删除你的信息。

## #14 hardship: categories said by the worker (summary line 13) and recognised by staff (认定)
reg-ask-hardship = 你有没有这些情况：残疾、低保、零就业家庭、大龄或长期失业？说了以后，带上证明（比如残疾证、低保证）到零工市场让工作人员核实，有公益岗位会优先推荐你。没有就回复“没有”。
reg-hardship-invalid = 没听懂。可以说“残疾人”“低保户”“零就业家庭”“大龄失业”“长期失业”；没有就回复“没有”。
hardship-recognised = 工作人员已经认定你是：{ $categories }。有合适的公益性岗位，会优先发给你。回复“我的信息”可以查看。
hardship-unrecognised = 工作人员取消了你的这项认定：{ $categories }。有疑问回复“人工”。
apply-welfare-not-eligible = 这个公益性岗位只招符合条件的人（比如经工作人员认定的就业困难人员），没有报上名。想问问，回复“人工”。
staff-hardship-said = **求职者说有困难情况**
    { $name }（手机 { $phone }）说自己是：{ $categories }。
    请他带上证明（残疾证、低保证明等）到零工市场核实；核实后在公众号发“认定 手机号 类别”，比如“认定 手机号 残疾人”。
staff-recognise-usage =
    用法：认定 手机号或openid 类别；取消认定 手机号或openid 类别（或“全部”）。
    类别：{ $categories }
staff-recognise-unverified = 这些类别还没和福建省、泉州市的规定核对过，请向 { $check } 核对。
# Staff's help lines of the two commands (read by staff's 帮助 once it lists every "staff" command of intents.json).
staff-help-recognise = · 认定 手机号或openid 类别：认定就业困难人员的类别，本人会收到通知。例：认定 13812345678 低保
staff-help-unrecognise = · 取消认定 手机号或openid 类别或“全部”：取消认定，本人会收到通知。例：取消认定 13812345678 全部
staff-recognise-nobody = 没找到登记过的工人：{ $who }。请用对方登记的手机号或 openid。
staff-recognise-several = 这个手机号登记了 { $count } 个人，请改用 openid：
staff-recognise-candidate = { $name }：{ $openid }
staff-recognise-unchanged = { $name } 现在的认定：{ $categories }，没有变化。
staff-recognise-done = { $action ->
        [recognise] 已认定
       *[unrecognise] 已取消认定
    } { $name }：{ $changed }。现在的认定：{ $categories }（本人说的：{ $said }）。已告诉本人。

## Deleting one's data (注销)

delete-confirm =
    注销后，我们保存的你的信息都会删掉，不能恢复：
    登记的称呼、电话、年龄和想干的活，招工留的名称、电话和地址，还有报名、投诉、评价、培训、预约里你的内容。
delete-nothing = 你没有登记，也没有报名、招工、投诉这些记录，不用注销。我们只记着你用的语言和最近一次来消息的时间，用来回复你。
delete-done = 注销好了，你的个人信息已经删除。
delete-kept = 好的，没有删除。

## Posting a job (招工)

post-understood = 好的，我看懂了：招{ $headcount ->
        [0] {""}
       *[other] {" "}{ $headcount } 个
    }{ $trades ->
        [none] 人
       *[other] { $trades }
    }{ $area ->
        [none] {""}
       *[other] ，{ $area }{ $address ->
            [none] {""}
           *[other] { $address }
        }
    }{ $when ->
        [none] {""}
        [today] ，今天
        [tomorrow] ，明天
        [after_tomorrow] ，后天
       *[date] ，{ $month }月{ $day }日
    }{ $days ->
        [0] {""}
       *[other] 起干 { $days } 天
    }{ $time ->
        [none] {""}
       *[other] {" "}{ $time }
    }{ $amount ->
        [none] {""}
       *[other] ，{ $amount } 元/{ $pay_unit ->
            [hour] 小时
            [piece] 件
            [month] 月
            [job] 整个活
           *[day] 天
        }
    }{ $method ->
        [hourly] ，时薪
        [piece] ，计件
        [monthly] ，月结
        [on_completion] ，干完结
        [daily] ，日结
       *[none] {""}
    }{ $meals ->
        [yes] ，包吃
        [no] ，不包吃
       *[unknown] {""}
    }{ $lodging ->
        [yes] ，包住
        [no] ，不包住
       *[unknown] {""}
    }{ $contact ->
        [none] {""}
       *[other] ，联系人 { $contact }
    }。
post-missing = 还差：{ $trades ->
        [first] 招什么工
        [yes] 、招什么工
       *[no] {""}
    }{ $area ->
        [first] 哪个区县
        [yes] 、哪个区县
       *[no] {""}
    }{ $address ->
        [first] 具体地址
        [yes] 、具体地址
       *[no] {""}
    }{ $date ->
        [first] 哪天开工
        [yes] 、哪天开工
       *[no] {""}
    }{ $time ->
        [first] 几点到几点
        [yes] 、几点到几点
       *[no] {""}
    }{ $pay ->
        [first] 工钱
        [yes] 、工钱
       *[no] {""}
    }{ $headcount ->
        [first] 要几个人
        [yes] 、要几个人
       *[no] {""}
    }{ $employer_name ->
        [first] 怎么称呼你
        [yes] 、怎么称呼你
       *[no] {""}
    }{ $company_name ->
        [first] 公司名称
        [yes] 、公司名称
       *[no] {""}
    }{ $phone ->
        [first] 电话
        [yes] 、电话
       *[no] {""}
    }{ $credit ->
        [first] 公司信用代码
        [yes] 、公司信用代码
       *[no] {""}
    }。
post-ask-trade = 要招什么工？比如“小工”“搬运工”“保洁”“木工”。
post-ask-area = 在哪个区县干活？请回复数字：
post-area-is-a-count = “{ $said }”是人数吧？人数最后核对时还能改。
post-ask-address = 具体在哪里干活？写个地址，比如“东海街道XX小区”，或者发送位置。还不知道就回复“跳过”，工人会打电话问你。
address-too-short = 地址太短了，请写清楚一点，或者发送位置。
address-not-a-place = 这像是日子、时间或工钱，不是地址。请写干活的地方，比如“东海街道XX小区”；还不知道就回复“跳过”。
post-company-name-needed = 公司（或厂、店）的名字要写上，工人才知道是哪家。不是公司、是自己招人，就回复“个人”。
post-kind-taken = 好的，记下了：{ $kind ->
        [company] 是公司（单位）招工。
       *[person] 是你自己招工。
    }
post-company-taken = 好的，记下了：招工的是 { $name }。
post-said-yes = 好的。
post-said-no = 哪里不对？直接说要改的，比如“工钱250”“后天”。
post-publish-not-yet = 还不能发布，先把下面几样填好。
post-ask-date = 哪天开工？比如“明天”“周六”“12月3日”；哪天都行就说“随时”。
date-invalid = 没看懂日期。请说“明天”“后天”“周六”或“12月3日”，不能是过去的日子。
post-ask-board =
    管吃住吗？请回复数字：
    1 包吃包住
    2 只包吃
    3 只包住
    4 都不包
    不想说就回复“跳过”。
post-ask-days = 要干几天？回复数字，一天就回复 1。
days-invalid = 请回复 1 到 { $max } 之间的天数。
post-ask-time = 几点到几点？比如“早上8点到下午5点”。
time-invalid = 没看懂时间。请说“早上8点到下午5点”，或者“8:00-17:00”。倒班的说“两班倒”，时间不定的说“不固定”。
# A post's hours said in words, not clock times (bot/data/choices.json, work_hours).
work-hours = { $hours ->
        [shifts] 两班倒
        [day_shift] 白班
        [night_shift] 夜班
        [flexible] 时间不固定
       *[agreed] 时间面议
    }
post-ask-pay = 工钱多少？比如“日结200”“每小时25元”“150-200元/天”。
pay-need-unit = 是按天、按小时还是按件？比如“一天200”“每小时25”。
post-ask-method =
    怎么结工钱？
    1 日结
    2 时薪
    3 计件
    4 月结
    5 干完结
post-ask-headcount = 要几个人？回复数字。
headcount-invalid = 请回复要几个人，比如“3”。
post-ask-skills = 有什么技能要求？比如“有电工证”“会开叉车”。没有就回复“无”。
post-ask-description = 要补充说明什么？没有就回复“无”。
post-ask-employer-kind =
    你是个人招工还是公司招工？
    1 个人
    2 公司
post-kind-which = 是你自己找人干活，还是替公司、单位招人？回复“个人”或“公司”就行。
post-ask-employer-name = 怎么称呼你？工人会这样叫你，比如“陈师傅”“王姐”。
post-ask-company-name = 公司（或厂、店）叫什么名字？
post-ask-phone = 工人怎么联系你？请写手机号。
post-phone-invalid = 这个手机号不对，请写 11 位手机号。
post-phone-invalid-none = 没看到手机号，请写 11 位手机号。
post-ask-credit = 请写公司的统一社会信用代码（18 位）。没有就回复“跳过”。
credit-invalid = 这个信用代码不对，请核对 18 位代码，或回复“跳过”。
post-summary =
    请核对招工信息：
    1. 工种：{ $trades }
    2. 地区：{ $area }
    3. 地址：{ $address ->
        [location] 已发送位置
        [none] 没写（工人会打电话问你）
       *[other] { $address }
    }
    4. 开工：{ $month }月{ $day }日
    5. 干几天：{ $days } 天
    6. 时间：{ $time }
    7. 工钱：{ $amount } 元/{ $pay_unit ->
        [hour] 小时
        [piece] 件
        [month] 月
        [job] 整个活
       *[day] 天
    }
    8. 结算：{ $method ->
        [hourly] 时薪
        [piece] 计件
        [monthly] 月结
        [on_completion] 干完结
       *[daily] 日结
    }
    9. 人数：{ $headcount } 人
    10. 技能要求：{ $skills ->
        [none] 无
       *[other] { $skills }
    }
    11. 说明：{ $description ->
        [none] 无
       *[other] { $description }
    }
    12. 招工方：{ $employer }（{ $kind ->
        [company] 公司
       *[person] 个人
    }）
    13. 电话：{ $phone }{ $contact ->
        [none] {""}
       *[other] （联系人 { $contact }）
    }
    14. 吃住：{ $meals ->
        [yes] 包吃
        [no] 不包吃
       *[unknown] 没说包不包吃
    }，{ $lodging ->
        [yes] 包住
        [no] 不包住
       *[unknown] 没说包不包住
    }
post-summary-plain =
    { $trades }，{ $area }，{ $month }月{ $day }日起 { $days } 天，{ $time }
    { $amount } 元/{ $pay_unit ->
        [hour] 小时
        [piece] 件
        [month] 月
        [job] 整个活
       *[day] 天
    }，{ $method ->
        [hourly] 时薪
        [piece] 计件
        [monthly] 月结
        [on_completion] 干完结
       *[daily] 日结
    }，要 { $headcount } 人
post-defaults = 没说的先按常用的填了：{ $date ->
        [first] 今天开工
        [yes] 、今天开工
       *[no] {""}
    }{ $days ->
        [first] 干 { $day_count } 天
        [yes] 、干 { $day_count } 天
       *[no] {""}
    }{ $method ->
        [first] { $method_code ->
            [hourly] 时薪
            [piece] 计件
            [monthly] 月结
            [on_completion] 干完结
           *[daily] 日结
        }
        [yes] 、{ $method_code ->
            [hourly] 时薪
            [piece] 计件
            [monthly] 月结
            [on_completion] 干完结
           *[daily] 日结
        }
       *[no] {""}
    }{ $skills ->
        [first] 没有技能要求
        [yes] 、没有技能要求
       *[no] {""}
    }{ $employer_kind ->
        [first] 个人招工
        [yes] 、个人招工
       *[no] {""}
    }。不对就回复它前面的数字改，也可以直接说，比如“干两天”。
post-consent-short = 发布前说一下：我们保存你的名称、电话和招工内容，只用来让工人找到你、联系你和处理投诉；电话只给工人看，活结束 { $days } 天后删掉；想删随时回复“注销”。回复“发布”就是同意并发布，不同意就回复“不同意”。
post-summary-invalid = 没看懂。对的话回复“发布”；要改哪一项，回复它前面的数字，或者直接说改成什么，比如“干两天”“工钱250”。
post-confirm = 都对就回复“发布”；要改哪一项，就回复它前面的数字。
post-description-trimmed = 备注里和上面不一样的话已经去掉了，工人看到的以上面各项为准。
post-refused = 这条招工不能发布，因为：
rule-hit =
    ·“{ $words }”：{ $why }
      可以这样写：{ $fix }
post-refused-edit = 请改一改再发：回复要改的那一项的数字（比如 { $description } 改说明，{ $skills } 改技能要求）。
post-ask-corrected = 请把改好的招工信息整条再发一遍。不招了就回复“取消”。
post-refused-reanswer = 请换个说法，再回答一次：

## #14 wage: pay below the minimum wage (refused when published)
post-below-minimum =
    ·工钱“{ $paid } 元/{ $unit ->
        [hour] 小时
        [month] 月
       *[day] 天
    }”低于最低工资：{ $area ->
        [none] 泉州最低的一档
       *[other] { $area }
    }{ $unit ->
        [hour] 每小时不能低于 { $least } 元
        [month] 每月不能低于 { $least } 元
       *[day] 每天不能低于 { $least } 元（每小时 { $hourly } 元 × { $hours } 小时，{ $hours_said ->
            [yes] 按你写的上下班时间算，超过 8 小时的扣 1 小时吃饭
           *[no] 没写上下班时间按 8 小时算
        }）
    }。
      依据：{ $document }，{ $effective } 起执行{ $newer ->
        [yes] ；之后又调整过，以最新公布为准
       *[no] {""}
    }。可以到{ $check }核实。
      请回复 { $line } 改工钱。
post-resend-invalid = 这不像一条招工信息。可以这样发：“招搬运工3个，丰泽区，日结200”。
post-published = 招工发布好了！回复“我的招工”可以查看、修改或关闭。
post-in-review = 这条招工需要工作人员看一下，通过后就发布，结果会告诉你。

## An employer's jobs (我的招工)

myjobs-list = 你发的招工：
myjobs-line = { $n }. #{ $id } { $trades }，{ $area }，{ $month }月{ $day }日，{ $headcount } 人，{ $status ->
        [open] 招工中
        [review] 审核中
        [closed] 已招满
        [refused] 没通过
        [expired] 已过期
       *[other] { $status }
    }{ $applied ->
        [0] { $status ->
            [open] ，还没人报名
           *[other] {""}
        }
       *[other] ，{ $applied } 人报名
    }
myjobs-pick = 回复数字看详细、关闭、重发或修改。
job-status = 编号 #{ $id }，状态：{ $status ->
        [open] 招工中
        [review] 审核中
        [closed] 已招满
        [refused] 没通过
        [expired] 已过期
       *[other] { $status }
    }
myjobs-action =
    要做什么？
    1 招满了，关闭
    2 换个日期重新发布
    3 修改
    4 看报名的人（{ $applied } 人）
myjobs-new-date = 新的开工日期是哪天？比如“明天”“周六”。
myjobs-closed = 好的，这条招工已经关闭，不会再有人看到。
myjobs-none = 你还没有发过招工。回复“招工”发布一条。
applicant-named-none = { $name ->
        [none] 现在没有等你回复的报名。
       *[other] 等你回复的报名里，没有“{ $name }”。
    }
applicant-named-several = 有 { $count } 位在等你回复，请先选招工，再选人。
applicant-decided-for = 招工 #{ $id } { $trades }，{ $month }月{ $day }日：

## Policies asked about after registration (clause 11)

## Staff review of posts (STAFF_OPENIDS only)

staff-review = **招工待审核** #{ $id }
    用户：{ $user }
    工种：{ $trades }，地区：{ $area }
    原因：{ staff-review-reason }
    内容：
    { $text }
    在公众号回复“通过 { $id }”或“拒绝 { $id } 理由”。
# Why a post waits for staff: a content rule's id (bot/data/content_rules.json), the pay check, or a report.
# Several reasons: each named, joined by list-separator (bot.i18n.Listed).
list-separator = 、
staff-review-reason = { $reasons ->
        [age-limit] 限了最大年龄
        [dialect-requirement] 要求会说方言
        [high-pay-claim] 写了很高的收入，要核实
        [rebate-intermediary] 有“返费”“人头费”，可能是黑中介
        [pay-far-above-market] 工钱比一般高很多，要核实
        [reported] 有人举报
        [gender-limit] 限男女
        [ethnicity-limit] 限民族
        [religion-limit] 限宗教
        [hukou-region-limit] 限户口、老家
        [marriage-childbearing-limit] 限结婚、生孩子
        [health-carrier-limit] 限乙肝等健康情况
        [disability-limit] 不要残疾人
        [looks-height-limit] 挑长相、身高
        [upfront-fee] 让工人先交钱
        [id-card-retention] 押身份证
        [task-scam-bait] 像刷单、打字骗局
        [off-platform-contact] 让人加微信、QQ、进群
        [easy-money-promise] 夸大工资
        [hidden] 工作人员先藏起来了，等审核
       *[other] { $reasons }
    }
staff-queue-empty = 没有待审核的招工。
staff-queue = 待审核 { $count } 条{ $more ->
        [yes] ，先列最早的 { $shown } 条，处理完再发“审核”看后面的
       *[no] {""}
    }：
staff-queue-line = #{ $id } { $trades }，{ $area }（{ staff-review-reason }）：{ $text }
staff-queue-hint = 回复“通过 编号”或“拒绝 编号 理由”。
staff-review-how = 要发布 #{ $id }，回复“通过 { $id }”；不让发，回复“拒绝 { $id } 理由”，理由会告诉招工方。
staff-no-such-review = 没有编号 #{ $id } 的待审核招工。
staff-decided = 好的，#{ $id } { $approved ->
        [yes] 已通过，已经发布
       *[no] 没通过
    }，已告诉招工方。
review-result = 你的招工 #{ $id } { $approved ->
        [yes] 审核通过，已经发布了。
       *[no] 没有通过审核。原因：{ $note }。可以回复“我的招工”修改后重新发布。
    }

## #15 console: review, posts and workers pages (审核, 招工, 求职者)

console-review-title = 审核
console-review-empty = 没有待审核的招工。
console-review-count = 待审核 { $count } 条，先来的在前（一页最多 50 条）。
console-review-post = 招工 #{ $id }
console-review-why = 为什么要看：
console-review-as-worker = 工人看到的样子：
console-review-employer = 招工方：{ $name }，电话 { $phone }，{ $time } 发的
console-review-approve = 通过，发布
console-review-note = 不通过的原因（招工方会看到）
console-review-reject = 不通过
console-review-note-needed = 不通过要写原因，招工方会看到。没有改动。
console-posts-title = 招工
console-posts-trade = 工种
console-posts-area = 地区
console-posts-status = 状态
console-posts-any = 全部
console-posts-text = 内容里有
console-posts-phone = 招工方手机号
console-posts-search = 查找
console-posts-found = 找到 { $count } 条（最多显示 { $limit } 条，新的在前）。
console-posts-none = 没找到。换个条件试试。
console-posts-phone-invalid = 手机号要写完整的 11 位。
console-post-status = { $status ->
        [open] 招工中
        [review] 审核中
        [closed] 已关闭
        [refused] 没通过
        [expired] 已过期
       *[other] { $status }
    }
console-posts-line = #{ $id } { $trades }，{ $area }，{ $month }月{ $day }日开工，要 { $headcount } 人
console-post-title = 招工 #{ $id }
console-post-back = 返回招工列表
console-post-employer = 招工方：{ $name }，电话 { $phone }
console-post-created = { $time } 发的
console-post-applied = 报名 { $count } 人：等回复 { $applied } 人，录用 { $accepted } 人，没录用 { $declined } 人，自己取消 { $withdrawn } 人
console-post-reports = 对这条招工的举报和投诉：{ $count } 件
console-post-no-reports = 没有人举报或投诉这条招工。
console-post-note = 工作人员记下的原因：{ $note }
console-post-close = 关闭这条招工
console-post-close-reason = 关闭的原因（招工方会看到）
console-post-hide = 先藏起来
console-post-hide-reason = 为什么藏（只有工作人员看到）
console-post-hide-hint = 藏起来以后工人搜不到，招工方暂时不通知；到“审核”里通过就恢复，不通过就告诉招工方。
console-post-reason-needed = 请写上原因。没有改动。
console-post-closed = #{ $id } 已关闭，工人看不到了，已告诉招工方。
console-post-hidden = #{ $id } 已藏起来，工人搜不到了。到“审核”里决定通过还是不通过。
console-post-unchanged = #{ $id } 现在是“{ console-post-status }”，不能这样改。没有改动。
console-post-not-found = 没有编号 #{ $id } 的招工。
console-post-closed-applicant = 你报名的活 #{ $id } 已被工作人员关闭了。回复“找工作”看看别的活，有疑问回复“人工”。
console-post-closed-notice = 你的招工 #{ $id } 已被工作人员关闭，工人看不到了。原因：{ $reason }。有疑问请回复“人工”。
console-workers-title = 求职者
console-workers-phone = 手机号（写完整的 11 位）
console-workers-find = 查找
console-workers-phone-invalid = 手机号要写完整的 11 位。
console-workers-none = 没有用这个手机号登记的求职者。
console-workers-several = 有 { $count } 个人用这个手机号登记，请看清是哪一位。
console-worker-name = 称呼：{ $name }
console-worker-phone = 手机号：{ $phone }
console-worker-trades = 想干的活：{ $trades }
console-worker-areas = 想在哪干：{ $areas }
console-worker-registered = 登记时间：{ $time }
console-worker-said = 自己说的困难情况：{ $categories }
console-worker-recognised = 工作人员已认定：{ $categories }
console-worker-recognised-at = 最近一次认定：{ $time }
console-worker-categories = 选类别（就业困难人员）
console-worker-recognise = 认定
console-worker-unrecognise = 取消认定
console-worker-pick = 请至少选一个类别。没有改动。
console-worker-unchanged = 没有改动：{ $name } 现在认定的是“{ $categories }”。

## Finding work (找工作)

find-ask-what = 想找什么活？在哪里？比如“丰泽的搬运”“明天日结的小工”“附近的保洁”。
find-say-what = 请说想干什么活、在哪里，比如“晋江的普工”“附近的保洁”。
find-open-day = 好的，哪天的活都找。
find-said-yes = 想看哪个活，就回复它前面的编号，比如“1”。
find-pay-shown = 每个活的工钱写在地点后面（元/天、元/小时）。想看哪个活的详细，回复它前面的编号。
find-place-shown = 每个活在哪个区写在工种后面。想看详细地址，回复它前面的编号。
find-nothing-yet = 这次没找到活，所以还没有工钱可看，也没有活可以报名。可以换个地方、换种活再找。
find-said-no = 好的。想找别的活，就说想干什么、在哪里；不找了就回复“取消”。
find-ask-location = 请发送你的位置（点“+”，选“位置”），我按离你近的找。
find-location-or-place = 还没收到位置。不方便发位置，就说在哪个区、哪个镇，比如“丰泽”“陈埭”；哪里都行，就说“哪里都行”。
find-searched = 找的是：{ $what ->
        [any] 各种活
        [welfare] 公益岗
       *[other] { $what }
    }{ $where ->
        [none] {""}
        [near] ，你附近
       *[other] ，{ $where }
    }{ $month ->
        [0] {""}
       *[other] ，{ $month }月{ $day }日{ $range ->
            [yes] 起
           *[no] {""}
        }
    }{ $method ->
        [none] {""}
        [hourly] ，按小时算
        [piece] ，计件
        [monthly] ，月结
        [on_completion] ，干完结
       *[daily] ，日结
    }{ $pay_min ->
        [none] {""}
       *[other] ，{ $pay_min }元/{ $pay_unit ->
            [hour] 小时
            [piece] 件
            [month] 月
            [job] 整个活
           *[day] 天
        }以上
    }{ $board ->
        [both] ，包吃住
        [meals] ，包吃
        [lodging] ，包住
       *[none] {""}
    }{ $order ->
        [pay] ，工钱高的在前
       *[none] {""}
    }。
find-nothing-to-pick = 这次没找到活，没有可以选的。换个说法再找，比如换个地方、换种活；或者回复“通知我”。
find-found = 找到 { $count } 个活：
job-line = { $n }. { $welfare ->
        [yes] 【公益岗】
       *[no] {""}
    }{ $trades }｜{ $area }｜{ $amount }元/{ $pay_unit ->
        [hour] 小时
        [piece] 件
        [month] 月
        [job] 整个活
       *[day] 天
    }｜{ $method ->
        [hourly] 时薪
        [piece] 计件
        [monthly] 月结
        [on_completion] 干完结
       *[daily] 日结
    }｜{ $month }月{ $day }日{ $km ->
        [none] {""}
       *[other] ｜{ $km }公里
    }{ $count ->
        [0] {""}
       *[other] ｜{ $avg }分·{ $count }次
    }
find-results-hint = 回复编号看详细{ $more ->
        [yes] ，回复“更多”看下一页
       *[no] {""}
    }；也可以换个说法再找。
find-nothing = 现在没有找到这样的活。
find-widened-same-trade-any-area = 这个地方暂时没有这种活，别的地方有：
find-widened-same-area-related = 这种活暂时没有，这个地方有相近的活：
find-alert-offer = 回复“通知我”，有这样的活时发消息告诉你。
find-alert-set = 好的，有这样的新活会通知你（30 天内，每天最多几条，晚上不发）。回复“退订”就不再发。
nearest-market = 最近的零工市场：{ $name }（约 { $km } 公里），回复“零工市场”看地址。
job-detail-place = 这个活在：{ $area }，{ $address ->
        [location] 见上面的位置
        [none] 具体地址报名后问老板
       *[other] { $address }
    }。怎么走，报名后打电话问老板。
job-detail =
    #{ $id } { $welfare ->
        [yes] 【临时公益性岗位】
       *[no] {""}
    }{ $trades }
    地点：{ $area }，{ $address ->
        [location] 见位置
       *[other] { $address }
    }
    开工：{ $month }月{ $day }日，干 { $days } 天，{ $time }
    工钱：{ $amount } 元/{ $pay_unit ->
        [hour] 小时
        [piece] 件
        [month] 月
        [job] 整个活
       *[day] 天
    }，{ $method ->
        [hourly] 时薪
        [piece] 计件
        [monthly] 月结
        [on_completion] 干完结
       *[daily] 日结
    }
    要 { $headcount } 人，还差 { $left } 人
    技能要求：{ $skills ->
        [none] 无
       *[other] { $skills }
    }
    吃住：{ $meals ->
        [yes] 包吃
        [no] 不包吃
       *[unknown] 没说包吃
    }，{ $lodging ->
        [yes] 包住
        [no] 不包住
       *[unknown] 没说包住
    }
    说明：{ $description ->
        [none] 无
       *[other] { $description }
    }
    联系人：{ $contact }（报名后给你电话）{ $count ->
        [0] {""}
       *[other] ，老板评分 { $avg }分·{ $count }次
    }
job-detail-actions =
    1 报名
    2 返回列表
    3 举报（假招工、歧视）
job-gone = 这个活已经招满或结束了。
job-full = 这个活已经招满了，看看别的吧。
already-applied = 你已经报过名了。老板电话：{ $phone }
# Signing up for a course without being registered: who sees the name and phone, and that they are kept as a job registration too.
training-consent =
    报名培训要留个称呼和电话，办培训的工作人员能看到，用来通知你上课的事。
    这些也会记成你的找活登记，以后找活不用再填；电话等老板录用你以后才给老板。想删掉，随时回复“注销”。
    1 同意
    2 不同意
training-ask-phone = 你的手机号是多少？上课有变动，工作人员会打给你。不想留就回复“跳过”，只用微信通知你。
apply-consent =
    报名要留个称呼和电话。称呼报名时给老板看，电话等老板录用你以后才给他。想删掉，随时回复“注销”。
    1 同意
    2 不同意
applied =
    报名成功！已经告诉老板了。
    联系人：{ $contact }，电话：{ $phone }
    回复“我的报名”可以查看或取消。
unsubscribed = 好的，以后不再给你推送新活和培训。想再收，回复“我的信息”改。

## Applicants and applications

applicants-none = 还没有人报名。
applicants-list = 报名的有 { $count } 人：
applicant-line = { $n }. { $name }{ $count ->
        [0] {""}
       *[other] （{ $avg }分·{ $count }次）
    }，{ $trades }，电话：{ $phone ->
        [none] 没留（用微信联系）
        [hidden] 录用后能看到
       *[other] { $phone }
    }（{ $status ->
        [accepted] 已录用
        [declined] 不合适
       *[applied] 待回复
    }）
applicants-pick = 回复编号或名字，录用或回绝。
applicant-decide =
    { $name }：
    1 录用
    2 不合适
applicant-decided = { $status ->
        [accepted] 好的，已录用 { $name }，已经告诉他了。他的电话：{ $phone ->
            [none] 没留，他会按招工上的电话联系你
           *[other] { $phone }
        }
        [declined] 好的，已回绝 { $name }，已经告诉他了。
       *[not_done] 没有办成：这个活可能已经招满、关闭了，或者他取消了报名。回复“我的招工”再看看。
    }
myapps-list = 你报名的活：
myapps-line = { $n }. { $trades }，{ $area }，{ $month }月{ $day }日（{ $status ->
        [accepted] 已录用
       *[applied] 等老板回复
    }）联系人：{ $contact }，电话：{ $phone }
myapps-pick = 回复编号可以取消报名。
myapps-withdraw =
    确定取消这个报名吗？会告诉老板。
    1 确定取消
    2 不取消
myapps-withdrawn = 已经取消报名，告诉老板了。
myapps-kept = 好的，报名还在。
myapps-none = 你还没有报名的活。回复“找工作”去找。

## Messages to the other party

new-applicant =
    你的招工 #{ $id } 有人报名了：
    { $name }，会干：{ $trades }
    电话：{ $phone ->
        [none] 没留（在公众号里联系）
        [hidden] 你录用他以后就能看到
       *[other] { $phone }
    }
    回复“录用{ $name }”就录用；回复“我的招工”看全部报名，录用或回绝。
application-result = { $status ->
        [accepted] 好消息！你报名的活 #{ $id } 录用你了。联系人：{ $contact }，电话：{ $phone }。
       *[declined] 你报名的活 #{ $id } 这次没有录用你。回复“找工作”看看别的活。
    }
applicant-withdrew = { $name } 取消了对招工 #{ $id } 的报名。

## Pushes of new jobs

push-intro = 有 { $count } 个新活适合你：
push-footer = 回复“找工作”看详细和报名。不想再收，回复“退订”。

## Tickets: complaints, requests for a person, feedback

complaint-summary =
    请核对：
    1. 什么事：{ $kind ->
        [wages] 拖欠工资
        [injury] 受伤、不安全
        [fake_job] 假招工、黑中介
        [discrimination] 歧视
        [service] 零工市场的服务
        [feedback] 意见建议
       *[other] 别的事
    }
    2. 哪份活：{ $job }
    3. 经过：{ $what }{ $voices ->
        [0] {""}
       *[other] （语音 { $voices } 段，留作证据）
    }
    4. 照片：{ $photos } 张
    5. 回电：{ $phone ->
        [none] 不用打电话
       *[other] { $phone }
    }
complaint-confirm = 都对就回复“提交”；要改哪一项，就回复它前面的数字。
complaint-lodged =
    提交好了，编号 #{ $id }。工作人员马上就能看到。
    { $called_back ->
        [yes] 工作人员会打电话给你，也会在这里回复你。
       *[no] 工作人员会在这里回复你，请留意消息。
    }
    回复“我的投诉”看进度。
survey-thanks = 谢谢你的打分，我们会做得更好。
tickets-none = 你还没有投诉或留言。
ticket-not-yours = 没有找到你的这个编号。回复“我的投诉”看你的全部。
ticket-line = #{ $id } { $kind ->
        [wages] 拖欠工资
        [injury] 受伤、不安全
        [fake_job] 假招工、黑中介
        [discrimination] 歧视
        [service] 零工市场的服务
        [question] 找人工
        [feedback] 意见建议
        [dispute] 活没干成
       *[other] 别的事
    }：{ $status ->
        [closed] 已办结
        [in_progress] 正在处理
       *[open] 已收到，等工作人员处理
    }
ticket-last-reply = 工作人员回复：{ $text }
staff-replied =
    工作人员回复你（编号 #{ $id }）：
    { $text }
ticket-in-progress = 你的编号 #{ $id } 工作人员正在处理，请耐心等一下。
ticket-closed =
    你的编号 #{ $id } 已经办结{ $wrote ->
        [yes] ：{ $note }
       *[no] 。
    }
    这次处理你满意吗？回复 1 到 5 的数字，5 是最满意；也可以直接说“很满意”“一般”“不满意”。
ticket-followed-up = 你的编号 #{ $id } 我们正在跟进，工作人员会尽快回复你。
shortage-none = 现在还没有足够的数据说明哪些工种缺人。
shortage-intro = 最近这些活缺人（要的人比登记的人多）：
shortage-line = { $n }. { $trade }：要 { $demand } 人，登记了 { $supply } 人

## Staff: tickets (STAFF_OPENIDS only)

staff-ticket = **{ $urgent ->
        [yes] <font color="warning">【紧急】</font>
       *[no] {""}
    }{ $kind ->
        [wages] 拖欠工资
        [injury] 受伤、不安全
        [fake_job] 假招工、黑中介
        [discrimination] 歧视
        [service] 零工市场的服务
        [question] 用户要找人工
        [feedback] 意见建议
        [dispute] 一方说活没干成
       *[other] 投诉
    }** #{ $id }
    用户：{ $user }
    回电：{ $call ->
        [yes] 请打 { $phone }（全号发“查看 { $id }”看）
       *[no] 用户没要求回电（手机：{ $phone }）
    }
    相关招工：{ $job }，招工方：{ $employer }
    市场：{ $market }
    正在办：{ staff-dialog-name }
    照片：{ $photos }
    时间：{ $time }
    内容：
    { $text }
    回复用户：在公众号发“回复 { $id } 内容”；“处理中 { $id }”；“结案 { $id } 说明”。
staff-ticket-user-reply = **用户回复** #{ $id }
    用户：{ $user }
    { $text }
    回复用户：在公众号发“回复 { $id } 内容”；“结案 { $id } 说明”。
staff-urgent = 紧急：编号 #{ $id } 需要马上处理，请值班同事跟进。
staff-overdue = **<font color="warning">【超时未处理】</font>** #{ $id }
    用户：{ $user }，已等 { $hours } 个工作小时
    { $text }
staff-todo-empty = 没有待办的编号。
staff-todo = 待办 { $count } 个，紧急的和还没人处理的排在前面{ $more ->
        [yes] ，先列 { $shown } 个，结案后再发“待办”看后面的
       *[no] {""}
    }：
staff-todo-line = #{ $id } { $urgent ->
        [yes] 【紧急】
       *[no] {""}
    }{ $kind ->
        [wages] 拖欠工资
        [injury] 受伤、不安全
        [fake_job] 假招工、黑中介
        [discrimination] 歧视
        [service] 零工市场的服务
        [question] 用户要找人工
        [feedback] 意见建议
        [dispute] 一方说活没干成
       *[other] 投诉
    }（{ $status ->
        [in_progress] 处理中
        [closed] 已结案
       *[open] 还没处理
    }，{ $time } 收到）：{ $wrote ->
        [no] （没写内容）
       *[yes] { $text }
    }
staff-no-such-ticket = 没有编号 #{ $id }。
staff-ticket-view = #{ $id } { $kind ->
        [wages] 拖欠工资
        [injury] 受伤、不安全
        [fake_job] 假招工、黑中介
        [discrimination] 歧视
        [service] 零工市场的服务
        [question] 用户要找人工
        [feedback] 意见建议
        [dispute] 一方说活没干成
       *[other] 投诉
    }（{ $status ->
        [in_progress] 处理中
        [closed] 已结案
       *[open] 还没处理
    }），{ $time } 收到
    回电：{ $phone ->
        [none] 没留电话
       *[other] { $phone }
    }
    { $wrote ->
        [no] （没写内容）
       *[yes] { $text }
    }
staff-ticket-message = { $author ->
        [staff] 工作人员
       *[user] 用户
    }：{ $text }
staff-reply-needs-text = 请写回复内容：回复 编号 内容。
staff-ticket-already-closed = #{ $id } 已经结案了，没有改动。还要告诉用户什么，可以发“回复 { $id } 内容”。
staff-ticket-done = 好的，#{ $id } { $action ->
        [reply] 已回复用户
        [progress] 已标为处理中，已告诉用户
       *[close] 已结案，已请用户打分
    }。

## #14 staff in Chinese: staff's help, a command without its number, what the user was doing
# Staff's help ("帮助" from a staff member): one line per staff command, in the order of the "staff"
# words in bot/data/intents.json; a new command adds its line `staff-help-<command>` here.
staff-help = 工作人员的命令（编号在“待办”和“审核”里看）：
staff-help-queue = · 审核：看等审核的招工。例：审核
staff-help-approve = · 通过 编号：招工审核通过，马上发布。例：通过 7
staff-help-reject = · 拒绝 编号 理由：招工不通过，理由会告诉招工方。例：拒绝 7 不能限年龄
staff-help-reply = · 回复 编号 内容：回复用户。例：回复 12 明天上午给你打电话
staff-help-progress = · 处理中 编号：告诉用户正在处理。例：处理中 12
staff-help-close = · 结案 编号 说明：办完了，用户会收到说明，再给我们打分。例：结案 12 已处理
staff-help-view = · 查看 编号：看全文、电话、照片和来往消息。例：查看 12
staff-help-todo = · 待办：看还没办完的求助和投诉。例：待办
staff-help-bookings = · 预约：看今天的职业指导预约，“预约 1”看明天。例：预约 1
staff-todo-hint = 回复编号看全文，比如“{ $first }”。看完直接写要对用户说的话，我会先问你发不发。
staff-view-hint = 要回复这个用户，直接写要说的话，我会先问你发不发。办完了回复“结案 { $id } 说明”。
staff-draft-confirm =
    把下面这段话发给 #{ $id } 的用户吗？
    “{ $text }”
    回复“发送”发出去，回复“取消”不发。
staff-draft-dropped = 好的，没有发送。
staff-draft-unsent = 注意：刚才要发给 #{ $id } 的那段话没有发出去。要发就再写一遍，再回复“发送”。
staff-send-nothing = 没有要发的话。先回复编号看一个求助，再写要对用户说的话。
staff-help-send = · 发送：看完一个编号后写的回复，确认发给用户。例：发送
consent-first = 要先同意，才能接着办。同意就回复“同意”或 1，然后我再问你的名字和电话。
staff-help-end = 用户能办的事，发“菜单”看。
# A command that needs a number, sent without one ("结案"): then that command's help line.
staff-needs-number = 少了编号。编号在“待办”和“审核”里看。这样写：
# What the user was doing (a dialog's name, bot/turn/conversation.py DIALOGS; "report" is a report of a job).
staff-dialog-name = { $dialog ->
        [register] 求职登记
        [post_job] 招工
        [complaint] 投诉
        [find_work] 找工作
        [training] 培训报名
        [training_needs] 培训需求
        [guidance] 职业指导预约
        [rate] 评价
        [dispute] 活没干成
        [report] 举报招工
        [delete] 注销（删除资料）
        [my_applications] 看自己的报名
        [my_guidance] 改或取消职业指导预约
        [markets] 找零工市场
        [my_jobs] 管理自己的招工
        [done] 说活干完了
        [survey] 满意度调查
        [my_training] 看自己的培训报名
        [none] -
       *[other] 别的事
    }
# Why WeChat gave no access_token: its global return code (WeChat's developer documentation, 全局返回码);
# -1 is also ours for a network failure.
staff-wechat-error = { $errcode ->
        [40164] 服务器的 IP 不在公众号的 IP 白名单里
        [40125] AppSecret 不对
        [40013] AppID 不对
        [40001] AppSecret 不对，或 access_token 失效
        [45009] 今天调用接口的次数用完了
        [-1] 连不上微信，或微信系统繁忙
       *[other] 微信返回了错误
    }
# A course's sign-up list (python -m bot courses --signups CODE): its column headings and each status.
staff-signups-name = 姓名
staff-signups-phone = 手机
staff-signups-status = 状态
staff-signups-when = 报名时间
staff-signup-status = { $status ->
        [enrolled] 已报上
        [waiting] 排队等空位
       *[other] 其他
    }

## #15 console: courses (培训), guidance bookings (预约), markets and their QR codes (市场)
console-nav-courses = 培训
console-nav-bookings = 预约
console-nav-markets = 市场
console-courses-title = 培训课程
console-courses-new = 新增课程
console-courses-none = 还没有课程。点“新增课程”加一个。
console-courses-retired-list = 已停开的课程
console-course-col-name = 课程
console-course-col-dates = 日期
console-course-col-mode = 方式
console-course-col-seats = 报上 / 名额
console-course-col-waiting = 排队
console-course-dates = { $start } 至 { $end }
console-course-mode = { $mode ->
        [live] 线上直播
        [on_demand] 线上随时学
       *[offline] 线下
    }
console-course-open = 查看
console-course-edit = 修改
console-course-edit-title = 修改课程：{ $name }
console-course-new-title = 新增课程
console-course-saved = 已保存“{ $name }”。工人马上就能在“培训”里看到。
console-course-retire = 停开这个课程
console-course-retire-hint = 停开后工人看不到它了；已经报名的人还在名单里。
console-course-retired = 已停开“{ $name }”。
console-course-not-found = 没有这个课程。返回课程列表看看。
console-course-signups = 已报上（{ $count } 人）
console-course-waiting = 排队等空位（{ $count } 人）
console-course-nobody = 还没有人。
console-course-export-csv = 下载名单（CSV）
console-course-export-xlsx = 下载名单（Excel）
console-course-field-code = 编号
console-course-field-code-hint = 小写英文字母、数字和 -，如 elec-2026-12-fz。不填就自动起一个。编号以后不能改。
console-course-field-name = 课程名称
console-course-field-trade = 工种
console-course-field-trade-none = （不限工种）
console-course-field-teaches = 学什么
console-course-field-area = 地区
console-course-field-area-none = （不限地区，线上课选这个）
console-course-field-place = 上课地点
console-course-field-mode = 上课方式
console-course-field-start = 开始日期
console-course-field-end = 结束日期
console-course-field-schedule = 上课时间
console-course-field-schedule-hint = 如：工作日 8:30-11:30
console-course-field-capacity = 名额（人）
console-course-field-cost = 费用
console-course-field-subsidy = 补贴
console-course-field-who = 报名条件
console-course-field-keywords = 关键词
console-course-field-keywords-hint = 工人说这些词时也能找到这门课，用顿号或逗号隔开。
console-form-save = 保存
console-form-back = 返回
console-form-problems = 有 { $count } 处要改，看下面红色的字。没有保存。
console-check-required = 这一项要填。
console-check-too-long = 太长了，最多 { $limit } 个字。
console-check-code = 只能用小写英文字母、数字、- 和 _，要以字母开头，最多 { $limit } 个。
console-check-code-taken = 这个编号已经用过了，换一个。
console-check-date = 日期要写成 2026-12-07 这样。
console-check-dates-order = 结束日期不能早于开始日期。
console-check-number = 要填 { $low } 到 { $high } 之间的整数。
console-check-choice = 请从列表里选一个。
console-check-keywords = 关键词最多 { $count } 个，每个不超过 20 个字。
console-check-hours = 看不懂这个开放时间（{ $detail }）。请照例子写，不知道就写“待核实”。
console-check-location = 这个位置不在泉州，要在 { $low } 到 { $high } 之间。纬度和经度是不是写反了？
console-check-name-taken = 已经有同名的市场或驿站了。
console-check-refused = 没有保存：{ $detail }
console-bookings-title = 职业指导预约
console-bookings-day = 日期
console-bookings-market = 市场
console-bookings-all-markets = 全部市场
console-bookings-show = 查看
console-bookings-count = { $month }月{ $day }日：{ $count } 个预约
console-bookings-none = 这一天没有预约。
console-bookings-bad-day = 日期要写成 2026-12-07 这样，先给你看今天的。
console-bookings-col-market = 市场
console-bookings-col-half = 时间
console-bookings-col-name = 姓名
console-bookings-col-phone = 手机
console-bookings-col-topic = 想谈什么
console-bookings-half = { $half ->
        [morning] 上午
       *[afternoon] 下午
    }
console-markets-title = 零工市场和驿站
console-markets-new = 新增市场或驿站
console-markets-retired-list = 已停用的
console-market-col-name = 名称
console-market-col-area = 地区
console-market-col-hours = 开放时间
console-market-col-verified = 核实
console-market-kind = { $kind ->
        [market] 零工市场
       *[station] 零工驿站
    }
console-market-verified = { $verified ->
        [yes] 已核实
       *[no] 未核实
    }
console-market-edit = 修改
console-market-edit-title = 修改：{ $name }
console-market-new-title = 新增市场或驿站
console-market-saved = 已保存“{ $name }”。工人几秒钟后就能看到。
console-market-retire = 停用
console-market-retire-hint = 停用后工人看不到它，也不能在这里预约；以前的预约和投诉还会写着它的名字。
console-market-retired = 已停用“{ $name }”。
console-market-not-found = 没有这个市场。返回列表看看。
console-market-field-code = 编号
console-market-field-code-hint = 小写英文字母、数字和 _，如 fengze_market。不填就自动起一个。编号以后不能改。
console-market-field-name = 名称
console-market-field-kind = 类型
console-market-field-area = 地区
console-market-field-address = 地址
console-market-field-hours = 开放时间
console-market-field-hours-hint = 先写哪几天，再写几点到几点，如：周一至周五 8:00-11:30，14:30-17:30；周六 8:00-12:00。不知道就写“待核实”（这样不能预约职业指导）。
console-market-field-lat = 纬度
console-market-field-lng = 经度
console-market-field-location-hint = 在地图上查到的坐标，如 24.8935 和 118.6165。
console-market-field-verified = 名称、地址和时间都已经当面核实过
console-market-qr = 二维码
console-market-qr-scene = 场景号 { $scene }
console-market-qr-make = 生成二维码
console-market-qr-download = 下载二维码（PNG，打印用）
console-market-qr-hint = 工人扫这个码关注公众号，机器人就知道他在这个市场。码由微信生成，只生成一次，以后下载的都是同一张。
console-market-qr-made = 二维码做好了（场景号 { $scene }）。
console-qr-error = { $reason ->
        [no-wechat] 没有设置公众号的 AppID 和 AppSecret，做不了二维码。
        [no-scene] 这个市场的场景号不对，做不了二维码。
        [limit] 公众号的永久二维码已经用满 10 万个，做不了新的。
        [refused] 微信没有给二维码：{ $detail }
       *[unreachable] 现在连不上微信，请过几分钟再试。
    }

## #15 console core: signing in, the menu, the audit log (staff read these)

console-title = 零工市场工作台
console-role = { $role ->
        [admin] 管理员
        [reviewer] 审核员
       *[staff] 工作人员
    }
console-logout = 退出
console-back-home = 回首页
console-error-title = 出错了
console-forbidden = 您的账号不能用这个功能。需要的话请找管理员。
console-csrf-refused = 页面已过期，请返回，刷新后再试一次。
console-bad-form = 这个表单没法读取。请返回，刷新后再试一次。
console-login-title = 登录
console-login-name = 账号
console-login-password = 密码
console-login-submit = 登录
console-login-wecom = 用企业微信登录
console-login-missing = 请填写账号和密码。
console-login-wrong = 账号或密码不对，请再试一次。
console-login-wait = 试错次数太多了。请等 { $minutes } 分钟再登录，或找管理员帮忙。
console-login-wecom-failed = 企业微信登录没有成功，请再试一次，或用账号密码登录。
console-login-wecom-unknown = 这个企业微信账号还没有开通工作台。请找管理员开通。
console-home-title = 首页
console-home-hello = 您好，{ $name }。请选择要做的事：
console-nav-audit = 审计
console-audit-title = 操作记录（审计）
console-audit-when = 时间
console-audit-who = 谁
console-audit-action = 做了什么
console-audit-target = 对象
console-audit-before = 改之前
console-audit-after = 改之后
console-audit-none = 还没有记录。
console-audit-filter = 筛选
console-audit-older = 更早的记录
console-audit-newer = 较新的记录

## #15 console tickets: the 工单 page (staff read these)

console-nav-tickets = 工单
console-tickets-title = 工单
console-tickets-all = 全部未结
console-tickets-urgent = 紧急
console-tickets-overdue = 超时
console-tickets-mine = 我的
console-tickets-closed = 已结案
console-tickets-none = 没有这样的工单。
console-tickets-number = 编号
console-tickets-kind = 类型
console-tickets-status = 状态
console-tickets-created = 提交时间
console-tickets-assigned = 负责人
console-tickets-summary = 内容
console-ticket-kind = { $kind ->
        [wages] 拖欠工资
        [injury] 受伤、不安全
        [fake_job] 假招工、黑中介
        [discrimination] 歧视
        [service] 零工市场的服务
        [question] 要找人工
        [feedback] 意见建议
        [dispute] 一方说活没干成
       *[other] 投诉
    }
console-ticket-status = { $status ->
        [open] 待处理
        [in_progress] 处理中
       *[closed] 已结案
    }
console-ticket-urgent = 紧急
console-ticket-overdue = 超时
console-ticket-nobody = 没人负责
console-ticket-title = 工单 #{ $id }
console-ticket-user = 用户
console-ticket-phone = 回电手机
console-ticket-show-phone = 显示完整号码（会记录）
console-ticket-no-phone = 用户没留回电手机
console-ticket-job = 相关招工
console-ticket-market = 市场
console-ticket-thread = 来往消息
console-ticket-from-user = 用户
console-ticket-from-staff = 工作人员 { $name }
console-ticket-evidence = 照片和语音
console-ticket-evidence-open = 打开
console-ticket-evidence-waiting = 还在保存中
console-ticket-evidence-failed = 没能保存
console-ticket-evidence-nolink = 已保存，但没有设置 PUBLIC_BASE_URL，打不开链接
console-ticket-reply = 回复用户
console-ticket-reply-help = 用户会在微信里收到这段话。
console-ticket-reply-send = 发送回复
console-ticket-reply-empty = 请先写要回复的话。
console-ticket-replied = 回复已发出，用户会在微信里收到。
console-ticket-progress = 标为处理中
console-ticket-progressed = 已标为处理中，用户已收到通知。
console-ticket-close = 结案
console-ticket-close-note = 结案说明（用户会看到）
console-ticket-closed-done = 已结案，用户会收到结果和满意度调查。
console-ticket-assign = 交给
console-ticket-assign-send = 指派
console-ticket-assigned-done = 已指派给 { $name }。
console-ticket-unassigned-done = 已取消指派。
console-ticket-is-closed = 这个工单已经结案了。
console-ticket-not-found = 没有这个工单。
console-ticket-satisfaction = 满意度
console-ticket-close-note-shown = 结案说明
console-ticket-back = 返回工单列表
console-ticket-too-long = 太长了，请少于 { $max } 个字。
console-ticket-done-before = 这一步已经做过了。

## Reporting a job (举报)

report-ask-why =
    为什么举报这个招工？
    1 假招工、骗钱、收押金
    2 歧视
    3 别的问题
reported = 收到举报，编号 #{ $id }。{ $hidden ->
        [yes] 这个招工已经先下架，等工作人员核查。
       *[no] 工作人员会核查。
    }谢谢你！

## Staff report

report-title = # 零工市场数据报告（{ $start } 至 { $end }）
report-note = 按泉州时间统计，只有数量，不含个人信息。供需对比图另发。
report-jobs = **招工**：发布 { $posted } 个，要 { $places } 人，已招到 { $filled } 人
report-jobs-by-trade = 按工种（前 { $top } 个，一个招工可以有几个工种）：
report-jobs-by-area = 按地区：
report-jobs-line = { $n }. { $name }：发布 { $posted } 个，要 { $places } 人，招到 { $filled } 人
report-workers = **求职登记**：共 { $workers } 人，本期新登记 { $new } 人
report-workers-by-trade = 登记人数最多的工种（前 { $top } 个）：
report-workers-line = { $n }. { $name }：{ $workers } 人
report-shortage-title = **紧缺工种**（在招空位比登记的人多）：
report-shortage-line = { $n }. { $name }：空位 { $open } 个，登记 { $workers } 人，缺 { $gap } 人
report-surplus-title = **人多活少的工种**（登记的人比在招空位多）：
report-surplus-line = { $n }. { $name }：登记 { $workers } 人，{ $open ->
        [0] 没有在招空位
       *[other] 空位 { $open } 个，每个空位 { $ratio } 人
    }
report-applications = **报名**：{ $applied } 次，已录用 { $accepted } 次
report-tickets = **投诉和留言**：{ $count } 件，首次回复用时中位数 { $reply } 小时，办结用时中位数 { $close } 小时
report-ticket-line = { $kind ->
        [wages] 拖欠工资
        [injury] 受伤、不安全
        [fake_job] 假招工、黑中介
        [discrimination] 歧视
        [service] 零工市场的服务
        [question] 找人工
        [feedback] 意见建议
       *[other] 别的事
    }：{ $count } 件，首次回复 { $reply } 小时，办结 { $close } 小时
report-satisfaction = **满意度**：{ $rated ->
        [0] 还没有人打分
       *[other] 平均 { $average } 分（满分 5 分，{ $rated } 件打了分）
    }，已办结 { $closed } 件
report-pushes = **推送**：推送招工 { $pushes } 条，{ $workers } 人收到
report-ratings-title = **评价**：
report-ratings-line = { $who ->
        [employer] 对招工方的评价
       *[worker] 对零工的评价
    }：平均 { $average } 分（{ $count } 条）
report-none = 无
report-truncated = （内容太长，后面省略了，完整报告见文件）

## #14 loop: the weekly report's courses, needs survey, satisfaction survey and chart

report-chart-title = 各工种在招空位和登记人数（{ $start } 至 { $end }）
report-chart-demand = 在招空位（要人）
report-chart-supply = 登记的人（找活）
report-chart-x = 人数
report-chart-y = 工种
report-chart-empty = 这期没有在招空位，也没有登记的人
report-chart-footer = 泉州公共零工市场，只有数量，不含个人信息
report-courses-title = **培训报名**（正在上和快开课的）：
report-courses-line = { $n }. { $name }（{ $start } 开课）：报名 { $enrolled }/{ $capacity } 人，排队 { $waiting } 人，已通知 { $told } 人
report-needs-title = **技能培训需求**（需求调查：共 { $people } 人填了，本期新填 { $new } 人）：
report-needs-line = { $n }. { $name }：{ $people } 人想学（本期新 { $new } 人）
report-survey-title = **服务满意度调查**（1-5 分，本期 { $days } 天，和之前 { $periods } 期比）：
report-survey-line = { $part ->
        [environment] 环境
        [process] 办事过程
       *[result] 办事结果
    }：本期 { $average } 分（{ $count } 人），之前 { $before } 分（{ $before_count } 人），{ $trend ->
        [up] 变好了
        [down] 变差了
        [same] 差不多
       *[none] 没法比
    }

## #15 console: 政策 (policies) and 报表 (report) pages

console-report-sheet = { $sheet ->
        [summary] 概况
        [jobs_by_trade] 招工按工种
        [jobs_by_area] 招工按地区
        [supply] 各工种供需
        [supply_by_area] 各地区供需
        [shortage] 紧缺工种
        [tickets] 投诉和留言
        [survey] 满意度调查
        [courses] 培训报名
       *[needs] 培训需求
    }
console-report-col = { $col ->
        [item] 项目
        [value] 数量
        [trade] 工种
        [area] 地区
        [posted] 发布招工（个）
        [places] 要人（人）
        [filled] 招到（人）
        [open_places] 在招空位（个）
        [workers] 登记的人（人）
        [gap] 缺人（负数是人多）
        [kind] 什么事
        [count] 件数
        [reply_hours] 首次回复（小时，中位数）
        [close_hours] 办结（小时，中位数）
        [part] 哪一项
        [average] 本期平均分
        [before_average] 之前平均分
        [before_count] 之前人数
        [trend] 变化
        [course] 课程
        [start] 开课日期
        [capacity] 名额
        [enrolled] 已报上
        [waiting] 排队
        [told] 已通知
        [people] 想学的人
       *[new] 本期新填
    }
console-report-item = { $item ->
        [jobs_posted] 发布招工（个）
        [places_posted] 要人（人）
        [places_filled] 招到（人）
        [workers_total] 求职登记（人）
        [workers_new] 本期新登记（人）
        [applications_made] 报名（次）
        [applications_accepted] 录用（次）
        [tickets_total] 投诉和留言（件）
        [tickets_reply_hours] 首次回复用时中位数（小时）
        [tickets_close_hours] 办结用时中位数（小时）
        [tickets_closed] 已办结（件）
        [satisfaction_rated] 打了分的（件）
        [satisfaction_average] 平均满意度（满分 5 分）
        [pushes_sent] 推送招工（条）
       *[pushes_workers] 收到推送的人
    }
console-report-kind = { $kind ->
        [wages] 拖欠工资
        [injury] 受伤、不安全
        [fake_job] 假招工、黑中介
        [discrimination] 歧视
        [service] 零工市场的服务
        [question] 找人工
        [feedback] 意见建议
       *[other] 别的事
    }
console-report-part = { $part ->
        [environment] 环境
        [process] 办事过程
       *[result] 办事结果
    }
console-report-trend = { $trend ->
        [up] 变好了
        [down] 变差了
        [same] 差不多
       *[none] 没法比
    }

console-nav-policies = 政策
console-nav-reports = 报表
console-policies-title = 政策问答
console-policies-intro = 用户问政策时，机器人从这里找最合适的一条回答。改完先预览，看用户收到什么、检索有没有变差，再保存。
console-policies-search = 搜索
console-policies-search-hint = 标题、编号或问法
console-policies-new = 新增一条
console-policies-none = 没有找到。
console-policies-unverified = 待核实
console-policies-col = { $col ->
        [title] 标题
        [id] 编号
        [checked] 核对日期
       *[questions] 问法条数
    }
console-policy-back = 返回列表
console-policy-new-title = 新增政策条目
console-policy-edit-title = 修改：{ $title }
console-policy-field = { $field ->
        [id] 编号
        [title] 标题（中文）
        [title_en] 标题（英文）
        [questions] 用户会怎么问
        [short] 简短回答（中文）
        [short_en] 简短回答（英文）
        [details] 详细说明（中文）
        [details_en] 详细说明（英文）
        [where] 去哪里办、找谁问（中文）
        [where_en] 去哪里办、找谁问（英文）
        [source] 依据的文件
        [checked] 核对日期
        [related] 相关条目
       *[note] 备注
    }
console-policy-hint = { $field ->
        [id] 只用小写英文字母、数字和短横线，比如 wage-arrears。保存后不能改。
        [title] 要有这件事最关键的词（如“欠薪”“工伤”）。
        [questions] 一行一个，8 到 15 条，像用户说的话。不要抄评测集里的问法。
        [short] 最多 4 行，少于 600 字节（约 190 个汉字）。先说能不能、怎么办，再说去哪里问。
        [short_en] 最多 4 行，少于 600 字节。
        [details] 少于 1500 字节（约 480 个汉字）。
        [details_en] 少于 1500 字节。
        [where] 只写大家都知道的真实渠道（12333、12345、零工市场……），不写别的电话。
        [source] 只写真实存在的文件名，不确定条款号就只写文件名。
        [checked] 你核对的日期，年-月-日，比如 2026-12-01。
        [related] 用户常接着问的 2 到 3 条的编号，一行一个。
        [note] 给同事看，用户看不到。没核实的内容写上 verified: false 和去哪里核实。
       *[other] { "" }
    }
console-policy-others = 现有条目的编号：{ $ids }
console-policy-preview-button = 预览和评测
console-policy-save-button = 保存
console-policy-save-hint = 保存的就是上面预览的内容。几秒内所有机器人都用上。
console-policy-changed = 没有保存：内容和预览时不一样了（你又改了，或者别人刚改过这一条）。请看下面新的预览，再按保存。
console-policy-saved = 已保存。几秒内用户问到就是新内容。
console-policy-invalid = 没有保存，请改一下{ $field ->
        [none] {""}
       *[other] “{ $field }”
    }：{ $problem }
console-policy-bad-id = 编号只能用小写英文字母、数字和短横线，比如 wage-arrears。
console-policy-id-taken = 这个编号已经有了。请换一个，或者回到列表去改那一条。
console-policy-preview-title = 用户在微信里看到的
console-policy-preview-locale = { $lang ->
        [en] 选了英文的用户
       *[zh_CN] 中文用户
    }
console-policy-preview-answer = 问到这一条时：
console-policy-preview-details = 再回复“详细”时：
console-policy-eval-title = 检索评测（改之前和改之后）
console-policy-eval-figure = { $figure ->
        [top1] 第一条就找对（越高越好）
        [top3] 前三条里有对的（越高越好）
        [off_topic_rejected] 无关的问题不硬答（越高越好）
       *[on_topic_rejected] 政策问题没敢答（越低越好）
    }
console-policy-eval-before = 改之前
console-policy-eval-after = 改之后
console-policy-eval-worse = 注意：改了以后变差了（红色的行）。请看看下面的问题再决定保存不保存。
console-policy-eval-same = 没有变差。
console-policy-eval-new-misses = 改了以后找错的问题：
console-policy-eval-miss = “{ $q }”应该找到 { $want }，现在找到 { $got }
console-policy-eval-targets = 没达标：{ $missed }
console-policy-eval-none = 没法评测：这台机器上没有评测集（tests/unit/data/policy_eval.json）。预览照样能看，保存前请技术同事运行 python -m bot policy-eval。
console-policy-eval-error = 没法评测：{ $problem }
console-reports-title = 数据报表
console-reports-start = 从
console-reports-end = 到
console-reports-show = 查看
console-reports-excel = 下载 Excel
console-reports-period = { $start } 至 { $end }（泉州时间）
console-reports-note = 只有数量，不含个人信息。
console-reports-range = { $range ->
        [last_week] 上周
        [this_week] 本周
        [this_month] 本月
       *[last_30] 最近 30 天
    }
console-reports-bad-range = 日期不对：请用 年-月-日，开始不晚于结束，最长一年。下面是上周的。
console-reports-chart = 各工种在招空位和登记人数
console-reports-empty = 无

## After the job: done, ratings, surveys (评价)

done-list = 哪份活干完了？
engagement-line = { $n }. { $trades }，{ $area }，{ $month }月{ $day }日，对方：{ $other }
done-pick = 回复数字。
done-ok = 好的，记下了：活干完了。已经告诉对方。
done-none = 你现在没有正在干的活。
partner-says-done =
    对方说招工 #{ $id } 的活已经干完了。
    回复“评价”给对方打分；要是活没干成，回复“没干成”。
rate-please = 招工 #{ $id } 的活结束了。回复“评价”给对方打个分，帮大家找到靠谱的人。

## #14 hardship: work done only once it began; rating what the other side ended
done-not-yet = 招工 #{ $id } 的活 { $month }月{ $day }日 才开始，开始干以后再回复“完工”。
done-by-other = 对方已经说活干完了，现在可以给对方打分。

dispute-list = 哪份活没干成？
dispute-pick = 回复数字，工作人员会来核实。
dispute-sent = 收到了，工作人员会核实，编号 #{ $id }。核实之前这份活不算完工，也不能评价。
dispute-none = 没有对方说干完了的活。
rate-list = 这些活可以评价：
rate-can-correct = （已评价，24 小时内可以改）
rate-pick = 回复数字开始评价。
rate-ask-score = 给{ $role ->
        [worker] 老板
       *[employer] 工人
    }打几分？回复 1 到 5，5 分最好。
rate-score-invalid = 请回复 1 到 5 的数字。
rate-score-changed = 好的，打 { $score } 分。
rate-ask-tags = 选几个说法（可以多选，比如“1 3”）：
rate-tags-hint = 没有就回复“跳过”。
rate-ask-comment = 还想说点什么？没有就回复“跳过”。
rate-comment-refused = { $why ->
        [insult] 评价里不能有骂人的话。
       *[personal] 评价里不能有电话号码、身份证号。
    }请改一改，或回复“跳过”。
rate-saved = 谢谢你的评价！
rate-none = 现在没有要评价的活。活干完后，回复“完工”，再来评价。
rate-locked = 你已经评价过了，评价过了 24 小时就不能再改。
my-rating = 你{ $role ->
        [worker] 做工人
       *[employer] 做老板
    }的评分：{ $avg } 分（{ $count } 次）
my-rating-tag = · { $tag }：{ $count } 次
my-rating-none = 你还没有收到评价。
staff-flag-unpaid = **<font color="warning">注意：工人评价说拖欠工资</font>** 招工方：{ $employer }，招工 #{ $id }。请核实。
staff-flag-low = **<font color="warning">注意：评分偏低</font>** 招工方：{ $employer }，平均 { $avg } 分（{ $count } 次）。请关注。

## #14 loop: the satisfaction survey, three questions (clause 24)

survey-intro = 顺便问 3 个小问题，帮我们把零工市场办得更好。回复 1 到 5（5 最满意），也可以说“挺好”“一般”“不满意”。不想答就回复“跳过”。
survey-ask-environment = 1/3 零工市场的环境（场地、手机上好不好用），你满意吗？
survey-ask-process = 2/3 办事的过程（排队、手续、工作人员态度），你满意吗？
survey-ask-result = 3/3 办事的结果（找到活、问题解决了），你满意吗？

## Policy answers (政策)

policy-answer =
    【{ $title }】
    { $short }
policy-details-hint = 回复“详细”看更多，回复“人工”问工作人员。
policy-related = 大家还常问：
policy-menu = 想问哪方面的政策？
policy-menu-hint = 回复数字看这个话题；也可以直接问，比如“日结的要交社保吗”。回复“人工”问工作人员。
policy-not-sure = 这个问题我不太确定，怕说错。你问的是不是：
policy-not-sure-hint = 回复数字看这个话题，或回复“人工”问工作人员。
policy-details =
    【{ $title }】
    { $details }
    去哪里办、问谁：{ $where }
    依据：{ $source }（{ $checked } 核对）
policy-complaint-offer = 要投诉，回复“投诉”，你刚才说的会一起记下，不用再说一遍。
complaint-story-kept = 好的，你刚才说的事已经记下了。
story-more-kept = 这些也记下了。
policy-aside-back = 接着刚才的事：
policy-follow-up = 你问的是「{ $title }」的事吧？下面是详细说明：
policy-follow-up-person = 这里没说到的，回复“人工”问工作人员，或打 12333。
policy-follow-up-unsure = 这个我说不准，怕说错。「{ $title }」的事，可以问：{ $where }。也可以回复“人工”问工作人员。
policy-where = 「{ $title }」去哪里办、问谁：{ $where }。

## #14 wage: minimum wage figures and the honest "not sure" for policy questions
policy-minimum-wage-area = { $newer ->
        [yes] { $area }：{ $year } 年定的是每月 { $monthly } 元、每小时 { $hourly } 元。后来调高过，现在的标准比这个高，少于这个数一定不合法。
       *[no] { $area }：每月不低于 { $monthly } 元；按小时干的，每小时不低于 { $hourly } 元。
    }
policy-minimum-wage-table = { $newer ->
        [yes] 泉州各地 { $year } 年定的最低工资（后来调高过，现在的标准比这个高）：
       *[no] 泉州各地的最低工资：
    }
policy-minimum-wage-group = · { $areas }：每月 { $monthly } 元，每小时 { $hourly } 元
policy-minimum-wage-source =
    依据：{ $document }，{ $effective } 起执行{ $newer ->
        [yes] ；之后又调整过，现在的数以最新公布为准
       *[no] {""}
    }。{ $verified ->
        [yes] {""}
       *[no] 这个数工作人员还没核对完，
    }请到{ $check }核实。
policy-minimum-wage-your-area = 说出你在哪个区县（比如“丰泽区最低工资”），告诉你那里的数。

## Training (培训)

training-elsewhere = { $area }现在没有这样的培训，别的地方有：
training-list = 最近的培训：
training-line = { $n }. { $name }，{ $start_month }月{ $start_day }日开始，{ $mode ->
        [live] 线上直播
        [on_demand] 线上随时学
       *[offline] { $area }
    }，还剩 { $left } 个名额
training-pick = 回复数字看详细和报名。
training-none = 现在没有合适的培训。
training-trade-none = 现在没有{ $trade }的培训。下面这些可以看看，回复数字看详细。
training-needs-offer = 回复“培训需求”告诉我们你想学什么，开课时优先通知你。
training-detail =
    【{ $name }】
    学什么：{ $teaches }
    时间：{ $start_month }月{ $start_day }日到{ $end_month }月{ $end_day }日，{ $schedule }
    地点：{ $mode ->
        [live] 线上直播
        [on_demand] 线上随时学
       *[offline] { $place }
    }
    名额：{ $capacity } 人，还剩 { $left } 个
    费用：{ $cost }
    补贴：{ $subsidy }
    谁可以报：{ $who }
training-which = 报名哪一个？请回复数字 1 到 { $max }。
training-not-in-area = 上面的培训没有在{ $area }上课的。请回复数字选一个；想在{ $area }学，回复“培训需求”告诉我们。
training-detail-place = { $mode ->
        [offline] 这门课在{ $area }上课，地点：{ $place }。
       *[other] 这门课在网上学，在哪里都能上。
    }回复 1 报名，回复 2 看别的培训。
training-detail-actions =
    1 报名
    2 返回列表
training-already = 你已经{ $status ->
        [waiting] 在排队了
       *[enrolled] 报过名了
    }。回复“我的培训”查看。
training-full = 这个培训报满了。
training-ask-wait =
    要不要排队？有人退出就轮到你，会发消息告诉你。
    1 排队
    2 不用了
training-signed-up =
    报名成功：{ $name }
    { $start_month }月{ $start_day }日开始，{ $schedule }，地点：{ $place }
    { $when ->
        [today] 今天就开课，请按时去上课的地方。
        [today-over] 今天已经开课了，今天的课上完了。下次上课请按时去，先找工作人员说一声。
        [started] 已经开课了，请尽快去上课的地方，找工作人员说一声。
        [online] 已经开课了，在手机上就能学。
       *[later] 开课前一天会提醒你。
    }回复“我的培训”可以查看或取消。
training-waiting = 好的，已经帮你排队。有名额时马上告诉你。
training-not-signed = 好的，没有报名。
training-promoted =
    好消息！你排队的培训有名额了，已经帮你报上：{ $name }
    { $start_month }月{ $start_day }日开始，{ $schedule }，地点：{ $place }
training-reminder =
    提醒：明天开始培训 { $name }
    { $schedule }，地点：{ $place }
    去不了请回复“我的培训”取消，把名额让给排队的人。
mytraining-list = 你报的培训：
mytraining-line = { $n }. { $name }，{ $start_month }月{ $start_day }日开始，{ $schedule }（{ $status ->
        [waiting] 排队中
       *[enrolled] 已报名
    }）
mytraining-pick = 回复数字可以取消。
mytraining-cancel =
    确定取消这个培训吗？
    1 确定取消
    2 不取消
mytraining-cancelled = 已经取消了。
mytraining-kept = 好的，没有取消。
mytraining-none = 你还没有报培训。回复“培训”看看有什么课。
needs-ask-what = 你想学什么手艺或考什么证？比如“电工证”“做饭”“开叉车”。
needs-say-what = 请说一下想学什么。
needs-ask-when =
    什么时候方便上课？
    1 工作日
    2 周末
    3 晚上
    4 都行
needs-ask-mode =
    想怎么上课？
    1 到现场
    2 在手机上
    3 都行
needs-thanks = 谢谢！有合适的培训我们会告诉你。

## #14 loop: courses pushed to the workers they suit (clauses 14-16)

course-push-intro = 开课了！有 { $count } 个培训适合你：
course-push-line = { $n }. { $name }，{ $start_month }月{ $start_day }日开始，{ $mode ->
        [live] 线上直播
        [on_demand] 线上随时学
       *[offline] 在 { $place }
    }，{ $schedule }，费用：{ $cost }，还剩 { $left } 个名额
course-push-footer = 想报名，回复“培训 { $trade }”，再回复数字。不想再收，回复“退订”。

## Career guidance appointments (职业指导)

guidance-pick-market = 想去哪个零工市场做一对一职业指导？请回复数字：
guidance-pick-slot = { $market } 的时间，请回复数字，或者直接说，比如“周{ $weekday ->
        [1] 一
        [2] 二
        [3] 三
        [4] 四
        [5] 五
        [6] 六
       *[7] 日
    }{ $half ->
        [morning] 上午
       *[afternoon] 下午
    }”：
guidance-slot-line = { $n }. { $month }月{ $day }日 周{ $weekday ->
        [1] 一
        [2] 二
        [3] 三
        [4] 四
        [5] 五
        [6] 六
       *[7] 日
    } { $half ->
        [morning] 上午
       *[afternoon] 下午
    }{ $left ->
        [-1] {""}
        [0] （约满了）
       *[other] （还能约 { $left } 人）
    }
guidance-slot-not-shown = 那天没有可以约的时间。请回复 1 到 { $max } 的数字。
guidance-slot-full = 这个时间约满了，请选别的时间。
guidance-booked = { $ok ->
        [yes] 预约好了：{ $market }，{ $month }月{ $day }日{ $half ->
            [morning] 上午
           *[afternoon] 下午
        }，想谈：{ $topic }。地址：{ $address }。前一天会提醒你。回复“我的预约”可以改时间或取消。
       *[no] 对不起，这个时间刚刚约满了。回复“职业指导”换个时间。
    }
guidance-reminder = 提醒：明天{ $half ->
        [morning] 上午
       *[afternoon] 下午
    }在 { $market } 有你的职业指导（{ $address }）。去不了请回复“我的预约”取消。
myguidance-list = 你的预约：
myguidance-pick = 回复数字，改时间或取消。
myguidance-action =
    1 改时间
    2 取消预约
myguidance-cancelled = 预约已经取消。
myguidance-none = 你现在没有预约。回复“职业指导”预约。
staff-bookings = { $month }月{ $day }日的职业指导预约：{ $count } 个
staff-booking-line = · { $market }，{ $half ->
        [morning] 上午
       *[afternoon] 下午
    }：{ $name }，{ $phone }，想谈：{ $topic }

## #14 guidance and markets: the topic of the visit, half-days only when the market is open

guidance-ask-topic =
    想谈哪方面？请回复数字，或者直接说：
    1 找活
    2 学技术
    3 创业
    4 维权（比如讨工钱）
    5 其他
guidance-when-noted = 好的，记下了：{ $when }。先选个零工市场。
guidance-when-offer = 你说的“{ $when }”：{ $month }月{ $day }日{ $half ->
        [morning] 上午
       *[afternoon] 下午
    }还能约，回复“对”就约这个时间；要别的时间，回复上面的数字。
guidance-when-not-free = 你说的“{ $when }”这里约不了（不开门或约满了），请选上面的时间。
guidance-topic-noted = 好的，记下了：想谈{ $topic }的事。
guidance-topic-name = { $topic ->
        [work] 找活
        [skills] 学技术
        [business] 创业
        [rights] 维权
        [other] 其他
       *[none] 没说
    }
myguidance-topic = 想谈：{ $topic }
market-unconfirmed = 这个市场的地址或开放时间还没核实好。去之前，请回复“人工”问一下工作人员。
guidance-no-slots = { $market } 最近几天没有能约的时间。回复“取消”，再回复“职业指导”换个市场；要帮忙请回复“人工”。

## Abuse limits: one open request per user, daily limits on posts and applications

handed-to-staff-again =
    你的求助 #{ $id } 已经在工作人员那里了，你刚才发的也加进去了，不用再发。
    工作人员会在这里回复你，请留意消息。有急事可以直接到附近的零工市场。
ticket-repeated =
    这件事你已经提交过了（编号 #{ $id }），工作人员正在处理，这次发的也加进去了，不用再发。
    回复“我的投诉”看进度。
post-cap-reached =
    每人每天最多发 { $limit } 条招工，你今天已经发满了。
    明天可以接着发。要改已经发的招工，回复“我的招工”；有急事回复“人工”找工作人员。
post-cap-refused =
    这条招工没有发布：每人每天最多发 { $limit } 条，你今天已经发满了。
    请明天再发；有急事回复“人工”找工作人员。
apply-cap-reached =
    每人每天最多报名 { $limit } 个活，你今天已经报满了。
    明天可以接着报；有问题回复“人工”找工作人员。
apply-cap-refused =
    这次没有报上名：每人每天最多报名 { $limit } 个活，你今天已经报满了。
    明天可以再报；有问题回复“人工”找工作人员。
staff-ticket-again = #{ $id }（{ $kind ->
        [wages] 拖欠工资
        [injury] 受伤、不安全
        [fake_job] 假招工、黑中介
        [discrimination] 歧视
        [service] 零工市场的服务
        [question] 用户要找人工
        [feedback] 意见建议
        [dispute] 一方说活没干成
       *[other] 投诉
    }）的用户又发来消息了，这个编号共有 { $count } 条用户消息。发“查看 { $id }”看详情。
ticket-user-again-blank = （又点了“人工”）
# What the user had filled in when they asked for a person (on the ticket, and in its notice).
staff-draft = 用户在填{ staff-dialog-name }，没填完，已填的：
staff-draft-line = · { $field ->
        [consent] 同意保存资料
        [kind] 什么事
        [job] 哪份活（招工编号）
        [what] 经过
        [photos] 照片（张）
        [phone] 手机
        [name] 姓名
        [show_phone] 手机给老板看
        [age] 年龄
        [areas] 地区
        [area] 地区
        [address] 地址
        [trades] 工种
        [skills] 会什么、要求
        [days] 哪几天、几天
        [hours] 时间段
        [date] 哪天开工
        [time] 几点到几点
        [pay] 工钱
        [pay_unit] 工钱按
        [employer_kind] 个人还是公司
        [method] 怎么结
        [headcount] 几个人
        [description] 说明
        [meals] 包吃
        [employer_name] 联系人
        [push] 推送新活
        [market] 市场
        [course] 课程
        [score] 打分
        [comment] 评语
        [confirm] 确认
        [more] 还要补充
        [detail] 看的哪一项
        [location] 位置
        [report_kind] 举报什么
        [results] 看到第几条
        [pick] 选的第几个
        [slot] 时间段
        [action] 要做什么
        [pick_market] 选的市场
        [credit] 统一社会信用代码
        [post] 发布
        [decide] 决定
        [new_date] 新日期
        [pick_action] 要做什么
        [pick_applicant] 选的报名人
        [pick_job] 选的招工
        [tags] 评价说法
        [improve] 要改进的
        [overall] 总体满意度
        [wait] 愿意排队等
        [mode] 上课方式
        [when] 上课时间
        [topic] 想谈什么
        [environment] 环境满意度
        [process] 办事过程满意度
        [result] 办事结果满意度
        [hardship] 困难情况
       *[other] 其他
    }：{ $value ->
        [yes] 是
        [no] 否
        [day] 天
        [hour] 小时
        [piece] 件
        [month] 月
       *[other] { $value }
    }
## Complaint evidence: photos and voice kept for staff (staff read these)

evidence-kind = { $kind ->
        [voice] 语音
       *[image] 照片
    }
evidence-reason = { $reason ->
        [expired] 微信说这个文件已经过期或者不存在
        [too_large] 文件太大
        [bad_type] 不是照片或语音
        [wechat_down] 3 天里一直连不上微信，微信已经删掉了
        [no_credentials] 没有设置公众号 AppID/AppSecret，下载不了
        [erased] 已经按规定删除
       *[refused] 微信不给下载
    }
evidence-link = [{ evidence-kind }{ $n }]({ $url })
evidence-notice-no-links = 照片 { $photos } 张、语音 { $voices } 段，正在保存（没有设置 PUBLIC_BASE_URL，给不了链接）
evidence-notice-unfetchable = 照片 { $photos } 张、语音 { $voices } 段，没有保存：没有设置公众号 AppID/AppSecret。微信 3 天后会删掉，请联系用户
staff-ticket-evidence = { evidence-kind }{ $n }：{ $state ->
        [stored] { $link }
        [pending] 正在从微信下载，过一会儿再查看
        [nolink] 已保存（没有设置 PUBLIC_BASE_URL，给不了链接）
       *[failed] 没能保存，{ evidence-reason }
    }
evidence-failed-line = { evidence-kind }{ $n }：{ evidence-reason }
staff-evidence-failed = **<font color="warning">证据没能保存</font>** #{ $id }
    { $items }
    请联系用户再发一次，或者请他把原件带到市场。回复用户：在公众号发“回复 { $id } 内容”。
evidence-http-forbidden = 链接不对或者已经过期。请在公众号发“查看 编号”拿新的链接。
evidence-http-pending = 还在从微信下载，请过一会儿再打开。
evidence-http-gone = 这份证据没有保存：{ evidence-reason }
## Privacy: the phone when applying, an employer's consent, deletion (注销)

reg-ask-show-phone =
    报名时，要不要马上把电话给老板？
    1 要，报名就给
    2 不要，老板录用我以后再给
post-consent =
    发招工前先说一下：我们会保存你的名称、电话和招工内容，只用来让工人找到你、联系你，和处理投诉。
    电话只给工人看。活结束 { $days } 天后，招工里的电话删掉；你的名称和电话保存到你注销。想删掉，随时回复“注销”。
    1 同意，接着发
    2 不同意
post-consent-declined = 好的。不同意就不能发布，你写的招工也没有保存。想发的时候回复“招工”重新开始；也可以到零工市场现场招工，或回复“人工”。
delete-confirm-jobs = 你还在招的 { $count } 个活会关闭，不会再有人搜到。
delete-confirm-choices =
    1 确认注销
    2 不注销了
delete-done-jobs = 你在招的 { $count } 个活已经关闭。
delete-done-kept = 下面这些还留着，原因是：
delete-done-open-ticket = · 你的投诉 #{ $id } 还没办完：留着让工作人员办完，工作人员的回复还会发到这里。里面你的名字、电话、身份证号已经遮住，照片和回访电话已经删掉；办完后只留类型和日期。
delete-done-complaints = · 别人对你招工的投诉（{ $open } 件没办完，{ $closed } 件办完了）：留给工作人员处理。{ $open ->
        [0] {""}
       *[other] 没办完的，你的招工名称和电话留到办完为止。
    }办完的投诉 { $days } 天后去掉里面的内容。
delete-done-ratings = · 你给别人打的 { $count } 个分还算在他们的平均分里，但看不出是你打的；评价的话已经删掉。
delete-done-sent = · 已经发出去的消息（给老板、工人或工作人员群的）在对方手机上，我们删不掉。
delete-done-recent = · 最近 5 分钟发给你的回复，为了防止重复，系统最多再留 5 分钟，然后自动清除。
delete-done-again = 以后想用，随时可以重新登记或招工。
erasure-applicant-left = 有一位报名你招工 #{ $id } 的人注销了，他的报名已经取消。
erasure-job-closed = 你报名的活 #{ $id } 已经关闭了（招工的人注销了）。回复“找工作”看看别的活。

## Questions asked at a step, answered there (Dialog.answers_aside)
training-places = 上课地点（以工作人员通知的为准）：
training-place-line = { $n ->
        [0] {""}
       *[other] { $n }.{" "}
    }{ $name }：{ $mode ->
        [live] 线上直播，在手机上看
        [on_demand] 线上随时学，在手机上看
       *[offline] { $area ->
            [none] { $place }
           *[other] { $area }，{ $place }
        }
    }
training-costs = 费用（以开课时工作人员说的为准）：
training-cost-line = { $n }. { $name }：{ $cost }
training-cost-one =
    这个培训的费用：{ $cost }
    补贴：{ $subsidy }
markets-hours = 开放时间和地址：
market-line-hours = { $n }. { $name }：{ $hours }。地址：{ $address }
markets-hours-how = 每个市场开放时间不一样。先告诉我你在哪个区县，我把那里的市场和开放时间发给你。
markets-nearest-how = 想找离你最近的，请发送你的位置（点“+”，选“位置”），或者说你在哪个区县。
