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
dialog-ways-back = （回复“返回”上一步，“取消”退出，“人工”找工作人员）
dialog-gave-up =
    好像没说清楚，没关系。
    回复“人工”，工作人员来帮你；回复“菜单”重新开始。
dialog-back-at-start = 这已经是第一步了。
dialog-expired = 你上次的事情太久没回复，已经结束了。需要的话可以重新开始。
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
pick-a-number = 请回复 1 到 { $max } 之间的数字。
cancelled = 好的，已经取消了。
nothing-to-cancel = 好的。现在没有正在办的事。
nothing-to-go-back = 现在没有可以返回的问题。
handed-to-staff =
    已经通知工作人员了，他们会在这里回复你，请留意消息。
    有急事可以直接到附近的零工市场。
no-more = 没有更多内容了。
more-hint = （没说完，回复“更多”看下一页）
plain = { $text }
language-switched = 好的，以后用中文和你说话。
system-busy = 对不起，系统有点忙，请过一会儿再发一次。

## What each service can do today

find-work-for-now =
    网上找活的功能很快就开通。
    现在可以先到零工市场，现场就有招工信息，服务免费。
post-job-for-now =
    网上发布招工很快就开通。
    现在可以到零工市场登记招工，服务免费；也可以回复“人工”，工作人员帮你。
training-for-now =
    培训报名很快就能在这里办。
    想学什么手艺，可以到零工市场问，也可以回复“人工”。
policy-for-now =
    零工市场的服务都是免费的。
    社保、工伤、补贴等问题，可以打 12333（人社服务热线）问，
    也可以回复“人工”，工作人员帮你查。
rating-for-now = 做完一份工以后，可以在这里给对方打分。你现在没有要评价的工作。

## Finding a market or station

markets-ask-area = 你在哪个区、县？请回复数字：
markets-or-location = 也可以直接发送你的位置（点“+”，选“位置”）。
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
area-not-found = 没找到这个地方。请回复数字，或说区县名字，比如“丰泽”。

## Complaints and messages to staff

complaint-ask-what = 请说一说发生了什么事：哪个老板或哪份工，什么时候，怎么回事。
complaint-too-short = 说得太短了，请多说几句。
complaint-ask-phone = 留个手机号，工作人员打电话给你。不想留就回复“跳过”。
phone-invalid = 这个手机号不对，请输入 11 位手机号，或回复“跳过”。
complaint-sent =
    收到了，已经转给工作人员。
    { $called_back ->
        [yes] 工作人员会打电话给你，也会在这里回复你。
       *[no] 工作人员会在这里回复你，请留意消息。
    }

## Notices for the staff group (WeCom markdown)

staff-human = **用户要找人工** #{ $id }
    用户：{ $user }
    正在办：{ $context }
    时间：{ $time }
    请在公众号后台的客服消息里回复这位用户。
staff-complaint = **<font color="warning">新的投诉</font>** #{ $id }
    用户：{ $user }
    回电：{ $phone }
    时间：{ $time }
    内容：
    { $text }
