## Words for every dialog. Short, plain sentences; numbered choices; always a way back.

welcome =
    Hello! This is Quanzhou's gig-work market.
    All our services are free.
welcome-market = You followed: { $market }.
greeting = Hello! I am the helper of Quanzhou's gig-work markets.
menu-list =
    Reply with a number, or just say what you need:
    1 Find work (找工作)
    2 Hire workers (招工)
    3 Policies: insurance, subsidies (政策)
    4 Training (培训)
    5 Complaints: wages, scams (投诉)
    6 Ratings (评价)
    Send "market" to find a market near you; send "human" to reach staff.
menu-hint = Reply "menu" to see what I can do, or "human" to reach staff.
not-understood = Sorry, I did not understand.
thanks-in-dialog = You're welcome! To go on, answer the question below.
thanks-reply = Got it, thank you. Write any time; reply "menu" to see what I can do.
no-thanks-reply = All right. If there is anything else, just say it; reply "menu" to see what I can do, or "human" for a person.
dialog-ways-back = (Reply "back" for the last step, "cancel" to stop, "human" for staff)
dialog-gave-up =
    That did not work out. No problem: what you filled in is kept.
    Reply "go on" to try again, "human" and staff will help you, or "cancel" to drop it.
# Three answers not understood at a list only looked at (search results, a course list): nothing is kept.
dialog-gave-up-browsing =
    Sorry, I could not follow. Let us stop here.
    To look again, just say what and where. Reply "menu" to see what I can do, or "human" to reach staff.
dialog-paused = OK, this first. What you were filling in is kept: reply "go on" within a day to finish it.
dialog-resumed-same = OK, going on with what you started:
nothing-to-resume = There is nothing half done to go on with.
dialog-back-at-start = This is already the first step: there is nothing before it. To stop, reply "cancel" (取消).
dialog-expired = Your last request waited too long and was closed. You can start it again.
dialog-lost = Sorry, I no longer have what you were doing just now. Please start it again.
dialog-resume-hint = Your request is still open: just reply to go on, or "cancel" to stop.
voice-not-understood = Sorry, I could not hear that voice message. Please say it again, or type it.
media-not-understood =
    I got your { $kind ->
        [image] picture
        [video] video
        [shortvideo] short video
        [link] link
        [file] file
       *[other] message
    }. For now I can only read text and voice.
scan-not-supported = I cannot read scanned codes yet.
answer-needs-words = Please answer this step by typing or by voice.
pick-a-number = { $max ->
    [1] Please reply with the number 1.
   *[other] Please reply with a number from 1 to { $max }.
}
pick-number-or-words = { $max ->
    [1] Sorry, I did not get that. Reply with the number 1, or with the words of your choice.
   *[other] Sorry, I did not get that. Reply with a number from 1 to { $max }, or with the words of your choice.
}
summary-invalid = Sorry, I did not get that. If it is all right, reply “yes”; to change a line, reply with a number from 1 to { $max }.
summary-which-line = Sure. Which line? Reply with its number, 1 to { $max }.
answer-kept = OK, noted: { $what }.
answer-kept-age = OK, noted: { $age } years old.
answer-kept-days = OK, noted: { $days ->
        [weekdays] weekdays
        [weekends] weekends
        [short] just the next few days
       *[any] any day
    }.
answer-kept-hours = OK, noted: { $hours ->
        [morning] mornings
        [afternoon] afternoons
        [evening] evenings
       *[any] all day
    }.
pick-which = You may mean { $numbers }. Which one? Please reply with the number.
cancelled = OK, cancelled.
nothing-to-cancel = OK. Nothing is open right now.
nothing-to-go-back = There is no question to go back to.
handed-to-staff =
    Staff have been told (number #{ $id }). They will answer you here; please watch for their message.
    If it is urgent, go to a gig market near you.
human-reply-sent = Got it; passed on to the staff (#{ $id }). They will answer you here.
human-draft-sent = What you had filled in went to them too; no need to say it again.
no-more = There is nothing more.
more-hint = (More to read: reply "more")
plain = { $text }
language-switched = OK, I will speak English from now on. Send 中文 to switch back.
system-busy = Sorry, the system is busy. Please send that again in a moment.
slow-down = You are sending messages too fast, so this one was not handled. Please wait a minute and send it again. To reach staff, reply "human".

## What each service can do today

## Finding a market or station

markets-ask-area = Which district or county are you in? Reply with a number:
markets-or-location = Or send your location (tap "+", then "Location").
markets-ask-location-first =
    To find the one nearest you, send your location (tap "+", then "Location").
    Or reply with the number of your district or county:
numbered = { $n }. { $text }
markets-found = Gig markets or stations found: { $count }
markets-none-in-area = { $area } has no registered gig market yet. The nearest are:
market-line-distance = { $n }. { $name } (about { $km } km)
markets-pick = Reply with a number to see the address and opening hours.
market-detail =
    { $name }
    Type: { $kind ->
        [station] gig station
       *[market] gig market
    }
    Address: { $address }
    Open: { $hours }
market-services = There you can find work, hire, ask about policies and sign up for training, all for free.
area-whole-city = Quanzhou has several districts: which one? Say it, like "丰泽" or "鲤城", or reply with its number.
area-not-found = I could not find that place. Reply with a number, or say the district, like "丰泽".

## Complaints and messages to staff

complaint-ask-kind =
    What is it about? Reply with a number:
    1 Unpaid wages
    2 Hurt at work, or unsafe work
    3 Fake job, illegal agent, or they took your money
    4 Treated unfairly (discrimination)
    5 The service of a gig market
    6 Something else
complaint-ask-job = Which job was it? Reply with a number:
complaint-job-line = { $n }. { $trades }, { $area }, { $month }/{ $day }, contact: { $contact }
complaint-job-none = 0. None of these (not a job from here)
complaint-heard = OK, I have noted what happened.
complaint-ask-what = Please tell me what happened: which employer or job, when, and what went wrong.
complaint-too-short = That is too short. Please tell me a little more.
complaint-story-cut = That was very long: the first { $kept } characters are kept (you sent { $total }). Tell the rest to the staff when they contact you.
complaint-story-added = Got it, this is added to "what happened" too (now { $length } characters).
complaint-story-long = ("What happened" is long: only its start is shown above; all { $length } characters are kept, and staff see them all.)
complaint-more-hint = More to say? Reply "add" to add a few words.
complaint-ask-more = Go on, I will add it to "what happened".
complaint-ask-photos = If you have photos (a paper saying they owe you, chat messages, where you got hurt), send them now. When you are done, reply "done". If you have none, reply "skip".
complaint-photo-got = Photos received: { $count }. Send more if you have them. When you are done, reply "done".
complaint-photos-enough = You can send { $max } photos at most. Reply "done" to go on.
complaint-photos-send-how = OK. Tap "+" next to the input box, choose "Photos" and send them. Reply "done" when you have sent them all.
complaint-photos-how = Please send a photo, or reply "done" or "skip".
complaint-ask-phone = Leave a mobile number and staff will call you. Reply "skip" if you prefer not to.
complaint-ask-phone-said = Staff will call you: on the number you gave, { $phone }? Reply "yes" if so; if not, write your mobile number, or reply "skip" if you prefer not to leave one.
phone-invalid = That number does not look right. Enter an 11-digit mobile number, or reply "skip".
phone-invalid-none = I do not see a mobile number. Enter an 11-digit mobile number, or reply "skip".

## Notices for the staff group (WeCom markdown)

# A story too long for one notice ends with one of these (the whole is in the staff's own ticket view).
staff-cut-ticket = … (cut short: for all of it, send "查看 { $id }" to the official account)
staff-cut-review = … (cut short: for all of it, send "审核" to the official account)
staff-cut = … (too long, cut short)
staff-photos-count = { $count } photos (the links are too long to fit)
# Sent instead of a notice the robot refused for its content: a pointer, nothing a user wrote.
staff-short-ticket = Number #{ $id } has news, but its notice could not be sent. Send "查看 { $id }" to the official account to read it.
staff-ticket-short = { $urgent ->
        [yes] URGENT:{" "}
       *[no] {""}
    }New number #{ $id }: its notice could not be sent. Send "查看 { $id }" to the official account to read it.
staff-review-short = Job #{ $id } waits for review, but its notice could not be sent. Send "审核" to the official account.
staff-short = A notice could not be sent. Send "待办" or "审核" to the official account to see what is waiting.
# Many notices at once: the ordinary ones waiting go in one post, so the group is not flooded.
staff-combined = **{ $count } notices** (many at once, sent together)
staff-alert-token = **<font color="warning">The WeChat API is in trouble</font>**
    Since { $since }, { $count } tries in a row got no access_token: { staff-wechat-error } ({ $error }).
    Messages to users wait in the queue and go out by themselves once it works again; none is lost.
    Please check the IP allow-list and the AppSecret in the official account's console, or whether WeChat is under maintenance.
staff-alert-token-ok = The WeChat API works again ({ $count } failures since { $since }). The queued messages are going out.

## Worker registration (求职登记)

reg-consent =
    Before you register: we keep your name, phone, age, the work you want and where. We use them only to find work for you, and keep them until you delete them.
    A boss sees your phone only once they hire you (or, if you choose, when you apply). To delete it all, reply "delete" (注销) at any time.
    1 Yes, start
    2 No
reg-ask-name = What should we call you? Like "Lao Wang" or "Master Li".
name-invalid = That name will not work. Please give a name, 30 characters at most.
name-not-a-word = "{ $said }" can't be used as a name.
reg-ask-phone = What is your mobile number? Employers can call you. Reply "skip" if you prefer not to; then we use WeChat only.
reg-ask-age = What year were you born? Or just say your age, like "48".
age-too-young = By law, you must be 16 or older to register for work.
age-invalid = I did not understand. Say the year you were born, like "1975", or your age, like "48".
reg-ask-areas = Where do you want to work? Name a few places, or reply with a few numbers, like "2 6":
reg-areas-hint = Or reply "near me" (离我近的), then send your location.
areas-need-location = Please send your location first (tap "+", then "Location"). Then I look for work near you.
reg-ask-trades = What work can you do? Just say it, like "搬运" (moving), "开叉车" (forklift), "水电工" (electrician), "保洁" (cleaning).
trade-not-found = I could not find that kind of work. Try other words, like "小工" (helper), "木工" (carpenter), "保洁" (cleaning), "帮厨" (kitchen help).
reg-ask-skills = Do you have skills or licences? Like "electrician licence" or "can drive a digger". If not, reply "none" (无).
reg-ask-days =
    Which days can you work?
    1 Every day
    2 Weekdays
    3 Weekends
    4 Only the next few days
reg-ask-hours =
    What time can you work?
    1 All day
    2 Morning
    3 Afternoon
    4 Evening
reg-ask-pay = How much pay do you want? Like "200 yuan/day" or "25 yuan/hour". If any pay is fine, reply "any" (面议).
pay-invalid = I did not understand the pay. Write a number and a unit, like "200 yuan/day", "25 yuan/hour" or "150-200 yuan/day".
reg-ask-method =
    How do you want to be paid?
    1 Every day
    2 By the hour
    3 By the piece
    4 Every month
    5 Any way is fine
reg-ask-push =
    When there is a new job that fits you, should we send you a message?
    1 Yes
    2 No
reg-summary =
    Please check that this is right:
    1. Name: { $name }
    2. Phone: { $phone ->
        [none] none (WeChat only)
       *[other] { $phone }
    }
    3. Phone to the boss when you apply: { $show_phone ->
        [yes] yes, when I apply
        [none] no phone given
       *[no] only once the boss hires me
    }
    4. Year born: { $birth_year ->
        [none] not given
       *[other] { $birth_year }
    }
    5. Where to work: { $near ->
        [yes] near me
        [anywhere] anywhere in Quanzhou
       *[no] { $areas }
    }
    6. Work you can do: { $trades }
    7. Skills, licences: { $skills ->
        [none] none
       *[other] { $skills }
    }
    8. Days: { $days ->
        [weekdays] weekdays
        [weekends] weekends
        [short] only the next few days
       *[any] every day
    }
    9. Hours: { $hours ->
        [morning] morning
        [afternoon] afternoon
        [evening] evening
       *[any] all day
    }
    10. Pay: { $pay_amount ->
        [none] to be agreed
       *[other] { $pay_amount } yuan/{ $pay_unit ->
            [hour] hour
            [piece] piece
            [month] month
           *[day] day
        }
    }
    11. Paid: { $method ->
        [daily] every day
        [hourly] by the hour
        [piece] by the piece
        [monthly] every month
        [on_completion] when the job is done
       *[any] any way
    }
    12. Messages about new jobs: { $push ->
        [yes] yes
       *[no] no
    }
    13. Hardship (disability, dibao and the like; optional): { $hardship ->
        [none] not said
       *[other] { $hardship }
    }{ $recognised ->
        [none] {""}
       *[other] {" "}(recognised by staff: { $recognised })
    }
reg-confirm = If it is all right, reply “yes” to save. To change a line, reply with its number.
reg-defaults-note = These were not asked: { $fields }. They are filled in as shown above. If something is wrong, you can change it.
# One field of reg-defaults-note (a list, joined by list-separator).
reg-unasked-field = { $field ->
        [age] year born
        [days] which days
        [hours] what hours
        [pay] pay
       *[push] new-job messages
    }
reg-more-offer = You can also add: { $fields }. Reply "add info" (补充) and I ask one thing at a time.
reg-more-field = { $field ->
        [age] your age
        [days] which days you are free
        [hours] which hours
        [pay] the pay you want
       *[push] whether to tell you about new jobs
    }
reg-more-intro = OK, a few more questions, so the jobs we find fit you better.
reg-skip-hint = If you prefer not to say, reply "skip".
reg-already = You are already registered. Here is your information:
reg-saved = You are registered! { $push ->
        [yes] We will message you when a new job fits you. To stop that, reply "my info" and change it.
       *[no] When you want work, reply "find work".
    }
reg-clause11 =
    Three more things can help you. Asking about them is free:
    1. Job registration: bring your ID card to a gig market or a community service desk.
    2. Pension: if you do gig work, you can pay into the company workers' pension yourself.
    3. Work injury cover: delivery riders, errand runners and other new kinds of workers are covered if they get hurt at work.
    To learn more, send "就业登记" (job registration), "养老保险" (pension) or "工伤" (injury).
reg-declined = OK. We have not saved any of your information.
profile-none = You have not registered yet. Reply "register" (登记) to sign up for work, or "hire" (招工) to post a job.
profile-intro = This is the information we keep about you.
profile-employer =
    Employer: { $name } ({ $kind ->
        [company] company
       *[person] person
    }), phone: { $phone }
profile-employer-hint = Reply "my jobs" (我的招工) to see and change your job posts. Reply "delete" (注销) to delete your information.

## #14 hardship: categories said by the worker (summary line 13) and recognised by staff (认定)
reg-ask-hardship = Does any of these apply to you: a disability, dibao (low-income support), a family where no one works, older or long-term unemployed? If so, bring your papers (a disability card, a dibao certificate) to a gig market for staff to check; then public-welfare posts go to you first. If not, reply "no".
reg-hardship-invalid = Sorry, I did not get that. You can say "disabled", "dibao", "no one in my family works", "older", "long-term unemployed"; if none, reply "no".
hardship-recognised = Staff have recognised you as: { $categories }. Suitable public-welfare posts will be sent to you first. Reply "my info" (我的信息) to see it.
hardship-unrecognised = Staff have withdrawn this recognition: { $categories }. Questions? Reply "human" (人工).
apply-welfare-not-eligible = This public-welfare post is only for people who qualify (for example, recognised by staff as having employment difficulties). You have not been signed up. To ask about it, reply "human" (人工).
staff-hardship-said = **A worker says they have a hardship**
    { $name } (phone { $phone }) says they are: { $categories }.
    Ask them to bring their papers (disability card, dibao certificate …) to a gig market; once checked, send 认定 <phone> <category> to the official account, e.g. 认定 <phone> 残疾人.
staff-recognise-usage =
    Use: 认定 <phone or openid> <category>; 取消认定 <phone or openid> <category> (or "all").
    Categories: { $categories }
staff-recognise-unverified = These categories are not yet checked against Fujian's and Quanzhou's rules; please check with { $check }.
# Staff's help lines of the two commands (read by staff's 帮助 once it lists every "staff" command of intents.json).
staff-help-recognise = · 认定 <phone or openid> <category>: recognise a hardship category; the worker is told. E.g. 认定 13812345678 dibao
staff-help-unrecognise = · 取消认定 <phone or openid> <category or "all">: withdraw it; the worker is told. E.g. 取消认定 13812345678 all
staff-recognise-nobody = No registered worker found for { $who }. Use the phone or openid they registered with.
staff-recognise-several = { $count } people registered with this phone; please use the openid:
staff-recognise-candidate = { $name }: { $openid }
staff-recognise-unchanged = { $name } is recognised as: { $categories }. Nothing changed.
staff-recognise-done = { $action ->
        [recognise] Recognised
       *[unrecognise] Recognition withdrawn:
    } { $name }: { $changed }. Now recognised: { $categories } (they said: { $said }). They have been told.

## Deleting one's data (注销)

delete-confirm =
    If you delete, everything we keep about you is removed for good. It cannot come back:
    your name, phone, age and the work you want; the name, phone and address in your job posts; and what you wrote in applications, complaints, ratings, training and bookings.
delete-nothing = You have not registered, applied, posted or complained, so there is nothing to delete. We only keep your language and when you last wrote, to answer you.
delete-done = Done: your personal information is deleted.
delete-kept = OK, nothing was deleted.

## Posting a job (招工)

post-understood = OK, I understood: hiring{ $headcount ->
        [0] { $trades ->
            [none] {" "}workers
           *[other] {" "}{ $trades }
        }
        [1] {" "}1 worker{ $trades ->
            [none] {""}
           *[other] {" "}({ $trades })
        }
       *[other] {" "}{ $headcount } workers{ $trades ->
            [none] {""}
           *[other] {" "}({ $trades })
        }
    }{ $area ->
        [none] {""}
       *[other] , { $area }{ $address ->
            [none] {""}
           *[other] {" "}{ $address }
        }
    }{ $when ->
        [none] {""}
        [today] , today
        [tomorrow] , tomorrow
        [after_tomorrow] , the day after tomorrow
       *[date] , { $month }/{ $day }
    }{ $days ->
        [0] {""}
       *[other] {" "}for { $days } days
    }{ $time ->
        [none] {""}
       *[other] {" "}{ $time }
    }{ $amount ->
        [none] {""}
       *[other] , { $amount } yuan/{ $pay_unit ->
            [hour] hour
            [piece] piece
            [month] month
            [job] whole job
           *[day] day
        }
    }{ $method ->
        [hourly] , paid hourly
        [piece] , paid by the piece
        [monthly] , paid monthly
        [on_completion] , paid when done
        [daily] , paid daily
       *[none] {""}
    }{ $meals ->
        [yes] , meals provided
        [no] , no meals
       *[unknown] {""}
    }{ $lodging ->
        [yes] , bed provided
        [no] , no bed
       *[unknown] {""}
    }{ $contact ->
        [none] {""}
       *[other] , contact { $contact }
    }.
post-missing = Still missing: { $trades ->
        [first] what workers
        [yes] , what workers
       *[no] {""}
    }{ $area ->
        [first] which district
        [yes] , which district
       *[no] {""}
    }{ $address ->
        [first] the address
        [yes] , the address
       *[no] {""}
    }{ $date ->
        [first] the start day
        [yes] , the start day
       *[no] {""}
    }{ $time ->
        [first] the hours
        [yes] , the hours
       *[no] {""}
    }{ $pay ->
        [first] the pay
        [yes] , the pay
       *[no] {""}
    }{ $headcount ->
        [first] how many people
        [yes] , how many people
       *[no] {""}
    }{ $employer_name ->
        [first] your name
        [yes] , your name
       *[no] {""}
    }{ $company_name ->
        [first] the company's name
        [yes] , the company's name
       *[no] {""}
    }{ $phone ->
        [first] your phone
        [yes] , your phone
       *[no] {""}
    }{ $credit ->
        [first] the company's credit code
        [yes] , the company's credit code
       *[no] {""}
    }.
post-ask-trade = What workers do you need? Like "小工" (helper), "搬运工" (porter), "保洁" (cleaner), "木工" (carpenter).
post-ask-area = Which district or county is the work in? Reply with a number:
post-area-is-a-count = Is "{ $said }" how many workers you need? You can still change that at the summary.
post-ask-address = Where exactly is the work? Write the address, like the street and building, or send your location. If you do not know yet, reply "skip": workers will call you to ask.
address-too-short = The address is too short. Please write it more clearly, or send your location.
address-not-a-place = That looks like a day, a time or the pay, not a place. Please write where the work is, like "XX Estate, Donghai"; if you do not know yet, reply "skip".
post-company-name-needed = The company's (or factory's, shop's) name is needed, so that workers know who is hiring. If you are hiring for yourself, reply "myself" (个人).
post-kind-taken = Noted: { $kind ->
        [company] a company is hiring.
       *[person] you are hiring for yourself.
    }
post-company-taken = Noted: { $name } is hiring.
post-said-yes = All right.
post-said-no = What is wrong? Just say what to change, like "pay 250" or "the day after tomorrow".
post-publish-not-yet = It cannot be published yet: a few things are still missing.
post-ask-date = What day does the work start? Like "tomorrow" (明天), "Saturday" (周六) or "12/3"; any day: say "any time" (随时).
date-invalid = I did not understand the date. Say "tomorrow" (明天), "the day after tomorrow" (后天), "Saturday" (周六) or "12/3". It cannot be a day in the past.
post-ask-board =
    Are meals and a bed provided? Reply with a number:
    1 both
    2 meals only
    3 bed only
    4 neither
    To leave it unsaid, reply "skip" (跳过).
post-ask-days = How many days of work? Reply with a number. For one day, reply 1.
days-invalid = Please reply with a number of days from 1 to { $max }.
post-ask-time = From what time to what time? Like "8:00-17:00".
time-invalid = I did not understand the time. Write it like "8:00-17:00" (8 in the morning to 5 in the afternoon). For shift work write "shifts"; if the hours vary, "not fixed".
# A post's hours said in words, not clock times (bot/data/choices.json, work_hours).
work-hours = { $hours ->
        [shifts] shifts
        [day_shift] day shift
        [night_shift] night shift
        [flexible] hours vary
       *[agreed] hours to be agreed
    }
post-ask-pay = How much is the pay? Like "200 yuan/day", "25 yuan/hour" or "150-200 yuan/day".
pay-need-unit = Is that per day, per hour or per piece? Like "200 yuan/day" or "25 yuan/hour".
post-ask-method =
    How will you pay?
    1 Every day
    2 By the hour
    3 By the piece
    4 Every month
    5 When the job is done
post-ask-headcount = How many workers do you need? Reply with a number.
headcount-invalid = Please reply with how many workers you need, like "3".
post-ask-skills = What skills are needed? Like "electrician licence" or "can drive a forklift". If none, reply "none" (无).
post-ask-description = Anything else to add? If not, reply "none" (无).
post-ask-employer-kind =
    Are you hiring for yourself or for a company?
    1 For myself
    2 For a company
post-kind-which = Are you hiring for yourself, or for a company? Just reply "myself" or "company".
post-ask-employer-name = What should workers call you? Like "Master Chen" (陈师傅) or "Sister Wang" (王姐).
post-ask-company-name = What is the name of the company (or factory, or shop)?
post-ask-phone = How can workers reach you? Please write your mobile number.
post-phone-invalid = That number does not look right. Please write an 11-digit mobile number.
post-phone-invalid-none = I do not see a mobile number. Please write an 11-digit mobile number.
post-ask-credit = Please write the company's unified social credit code (18 characters). If you have none, reply "skip".
credit-invalid = That credit code is not right. Please check the 18 characters, or reply "skip".
post-summary =
    Please check the job post:
    1. Work: { $trades }
    2. Area: { $area }
    3. Address: { $address ->
        [location] location sent
        [none] not given (workers will call to ask)
       *[other] { $address }
    }
    4. Start: { $month }/{ $day }
    5. Days: { $days }
    6. Time: { $time }
    7. Pay: { $amount } yuan/{ $pay_unit ->
        [hour] hour
        [piece] piece
        [month] month
        [job] whole job
       *[day] day
    }
    8. Paid: { $method ->
        [hourly] by the hour
        [piece] by the piece
        [monthly] every month
        [on_completion] when the job is done
       *[daily] every day
    }
    9. Workers: { $headcount }
    10. Skills needed: { $skills ->
        [none] none
       *[other] { $skills }
    }
    11. Notes: { $description ->
        [none] none
       *[other] { $description }
    }
    12. Employer: { $employer } ({ $kind ->
        [company] company
       *[person] for myself
    })
    13. Phone: { $phone }{ $contact ->
        [none] {""}
       *[other] {" "}(contact: { $contact })
    }
    14. Food and bed: { $meals ->
        [yes] meals provided
        [no] no meals
       *[unknown] meals not said
    }, { $lodging ->
        [yes] bed provided
        [no] no bed
       *[unknown] bed not said
    }
post-summary-plain =
    { $trades }, { $area }, from { $month }/{ $day }, days: { $days }, { $time }
    { $amount } yuan/{ $pay_unit ->
        [hour] hour
        [piece] piece
        [month] month
        [job] whole job
       *[day] day
    }, { $method ->
        [hourly] paid by the hour
        [piece] paid by the piece
        [monthly] paid every month
        [on_completion] paid when the job is done
       *[daily] paid every day
    }, workers needed: { $headcount }
post-defaults = What you did not say is filled in as most posts have it: { $date ->
        [first] starting today
        [yes] , starting today
       *[no] {""}
    }{ $days ->
        [first] { $day_count } { $day_count ->
            [one] day
           *[other] days
        }
        [yes] , { $day_count } { $day_count ->
            [one] day
           *[other] days
        }
       *[no] {""}
    }{ $method ->
        [first] { $method_code ->
            [hourly] paid hourly
            [piece] paid by the piece
            [monthly] paid monthly
            [on_completion] paid when done
           *[daily] paid daily
        }
        [yes] , { $method_code ->
            [hourly] paid hourly
            [piece] paid by the piece
            [monthly] paid monthly
            [on_completion] paid when done
           *[daily] paid daily
        }
       *[no] {""}
    }{ $skills ->
        [first] no skills needed
        [yes] , no skills needed
       *[no] {""}
    }{ $employer_kind ->
        [first] hiring for yourself
        [yes] , hiring for yourself
       *[no] {""}
    }. If that is wrong, reply with the line's number, or just say it, like "two days" (干两天).
post-consent-short = Before posting: we keep your name, phone and the job, only so that workers find and reach you and complaints can be handled. Only workers see the phone, and it is deleted { $days } days after the job ends; reply "delete" (注销) any time to remove it. Replying "post" (发布) means you agree and post it; if you do not agree, reply "disagree" (不同意).
post-summary-invalid = Sorry, I did not get that. If it is right, reply "post" (发布). To change a line, reply with its number, or just say the change, like "two days" (干两天) or "pay 250" (工钱250).
post-confirm = If it is all right, reply “post” to post it. To change a line, reply with its number.
post-description-trimmed = Words in the notes that said something else than the lines above were taken out: workers go by the lines above.
post-refused = This job cannot be posted, because:
rule-hit =
    · "{ $words }": { $why }
      You can write: { $fix }
post-refused-edit = Please change it and send it again: reply with the number of the line to change (like { $description } for notes, { $skills } for skills needed).
post-ask-corrected = Please send the whole job post again, corrected. To stop, reply "cancel" (取消).
post-refused-reanswer = Please say it another way and answer again:

## #14 wage: pay below the minimum wage (refused when published)
post-below-minimum =
    · The pay "{ $paid } yuan per { $unit ->
        [hour] hour
        [month] month
       *[day] day
    }" is below the minimum wage: in { $area ->
        [none] Quanzhou's lowest tier
       *[other] { $area }
    } it may not be below { $least } yuan { $unit ->
        [hour] an hour
        [month] a month
       *[day] a day ({ $hourly } yuan an hour × { $hours } hours, { $hours_said ->
            [yes] counted from the hours you gave, less 1 hour for a meal beyond 8
           *[no] 8 hours as no working hours were given
        })
    }.
      Source: { $document }, in force from { $effective }{ $newer ->
        [yes] ; it has been adjusted since, the latest published figures apply
       *[no] {""}
    }. Check at: { $check }.
      Reply { $line } to change the pay.
post-resend-invalid = That does not look like a job post. You can send it like this: "3 movers, Fengze, 200 a day".
post-published = Your job is posted! Reply "my jobs" (我的招工) to see it, change it or close it.
post-in-review = Staff need to check this job first. It is posted once they approve it, and we will tell you.

## An employer's jobs (我的招工)

myjobs-list = Your job posts:
myjobs-line = { $n }. #{ $id } { $trades }, { $area }, { $month }/{ $day }, workers: { $headcount }, { $status ->
        [open] hiring
        [review] being checked
        [closed] full
        [refused] not approved
        [expired] out of date
       *[other] { $status }
    }{ $applied ->
        [0] { $status ->
            [open] , no one applied yet
           *[other] {""}
        }
        [one] , 1 applied
       *[other] , { $applied } applied
    }
myjobs-pick = Reply with a number to see more, close it, post it again or change it.
job-status = Job #{ $id }, now: { $status ->
        [open] hiring
        [review] being checked
        [closed] full
        [refused] not approved
        [expired] out of date
       *[other] { $status }
    }
myjobs-action =
    What do you want to do?
    1 I have enough workers: close it
    2 Post it again with a new date
    3 Change it
    4 See who applied ({ $applied })
myjobs-new-date = What is the new start day? Like "tomorrow" (明天) or "Saturday" (周六).
myjobs-closed = OK, this job post is closed. Nobody will see it now.
myjobs-none = You have not posted a job yet. Reply "hire" (招工) to post one.
applicant-named-none = { $name ->
        [none] No one who applied is waiting for your answer.
       *[other] No one called "{ $name }" is waiting for your answer.
    }
applicant-named-several = { $count } people are waiting for your answer: pick the job first, then the person.
applicant-decided-for = Job #{ $id } { $trades }, { $month }/{ $day }:

## Policies asked about after registration (clause 11)

## Staff review of posts (STAFF_OPENIDS only)

staff-review = **Job post to check** #{ $id }
    User: { $user }
    Work: { $trades }, area: { $area }
    Why: { staff-review-reason }
    Text:
    { $text }
    Reply to the official account: "approve { $id }" (通过) or "reject { $id } reason" (拒绝).
# Why a post waits for staff: a content rule's id (bot/data/content_rules.json), the pay check, or a report.
# Several reasons: each named, joined by list-separator (bot.i18n.Listed).
list-separator = {", "}
staff-review-reason = { $reasons ->
        [age-limit] an upper age limit
        [dialect-requirement] asks for a dialect
        [high-pay-claim] claims a very high income, to be checked
        [rebate-intermediary] mentions rebates or per-head fees, maybe an illegal agent
        [pay-far-above-market] pay far above the usual, to be checked
        [reported] somebody has complained about it
        [gender-limit] men or women only
        [ethnicity-limit] limits ethnicity
        [religion-limit] limits religion
        [hukou-region-limit] limits hukou or home region
        [marriage-childbearing-limit] limits marriage or children
        [health-carrier-limit] limits health (e.g. hepatitis B)
        [disability-limit] turns away disabled people
        [looks-height-limit] picks by looks or height
        [upfront-fee] asks workers to pay first
        [id-card-retention] keeps workers' identity cards
        [task-scam-bait] looks like an online task scam
        [off-platform-contact] sends people to WeChat, QQ or groups
        [easy-money-promise] exaggerated pay
        [hidden] hidden by staff until reviewed
       *[other] { $reasons }
    }
staff-queue-empty = No job posts are waiting to be checked.
staff-queue = Waiting to be checked: { $count }{ $more ->
        [yes] ; the oldest { $shown } are listed, send "审核" again for the rest once these are done
       *[no] {""}
    }
staff-queue-line = #{ $id } { $trades }, { $area } ({ staff-review-reason }): { $text }
staff-queue-hint = Reply "approve" and the number, or "reject", the number and a reason. Like "approve 12".
staff-review-how = To publish #{ $id }, reply "approve { $id }". To refuse it, reply "reject { $id }" and a reason; the employer is told the reason.
staff-no-such-review = No job post #{ $id } is waiting to be checked.
staff-decided = OK, #{ $id } { $approved ->
        [yes] is approved and now posted
       *[no] is not approved
    }. The employer has been told.
review-result = Your job post #{ $id } { $approved ->
        [yes] is approved and now posted.
       *[no] was not approved. Reason: { $note }. Reply "my jobs" (我的招工) to change it and post it again.
    }

## #15 console: review, posts and workers pages (审核, 招工, 求职者)

console-review-title = Review
console-review-empty = No job posts are waiting to be checked.
console-review-count = Waiting to be checked: { $count }, oldest first (at most 50 on a page).
console-review-post = Job post #{ $id }
console-review-why = Why it waits:
console-review-as-worker = As a worker sees it:
console-review-employer = Employer: { $name }, phone { $phone }, posted { $time }
console-review-approve = Approve and post
console-review-note = Reason for rejecting (the employer reads it)
console-review-reject = Reject
console-review-note-needed = A rejection needs a reason; the employer reads it. Nothing was changed.
console-posts-title = Job posts
console-posts-trade = Trade
console-posts-area = Area
console-posts-status = Status
console-posts-any = Any
console-posts-text = Words in it
console-posts-phone = Employer's mobile
console-posts-search = Search
console-posts-found = Found { $count } (at most { $limit } shown, newest first).
console-posts-none = Nothing found. Try other filters.
console-posts-phone-invalid = Type the whole 11-digit mobile number.
console-post-status = { $status ->
        [open] open
        [review] waiting for review
        [closed] closed
        [refused] rejected
        [expired] expired
       *[other] { $status }
    }
console-posts-line = #{ $id } { $trades }, { $area }, starts { $month }/{ $day }, { $headcount } people
console-post-title = Job post #{ $id }
console-post-back = Back to job posts
console-post-employer = Employer: { $name }, phone { $phone }
console-post-created = Posted { $time }
console-post-applied = Applications: { $count } (waiting { $applied }, accepted { $accepted }, declined { $declined }, withdrawn { $withdrawn })
console-post-reports = Reports and complaints about this post: { $count }
console-post-no-reports = Nobody has reported or complained about this post.
console-post-note = Reason staff noted: { $note }
console-post-close = Close this post
console-post-close-reason = Reason for closing (the employer reads it)
console-post-hide = Hide it for now
console-post-hide-reason = Why hide it (only staff read it)
console-post-hide-hint = A hidden post is out of search and its employer is not told yet; approve it under Review to bring it back, or reject it to tell the employer.
console-post-reason-needed = Please write a reason. Nothing was changed.
console-post-closed = #{ $id } is closed: workers no longer see it. The employer has been told.
console-post-hidden = #{ $id } is hidden: workers no longer find it. Decide it under Review.
console-post-unchanged = #{ $id } is { console-post-status } and cannot be changed this way. Nothing was changed.
console-post-not-found = No job post #{ $id }.
console-post-closed-applicant = The job #{ $id } you applied for has been closed by staff. Reply "find work" (找工作) to see other work, or "human" (人工) with any question.
console-post-closed-notice = Staff have closed your job post #{ $id }; workers no longer see it. Reason: { $reason }. Reply "human" (人工) with any question.
console-workers-title = Workers
console-workers-phone = Mobile number (all 11 digits)
console-workers-find = Find
console-workers-phone-invalid = Type the whole 11-digit mobile number.
console-workers-none = No worker registered with this mobile number.
console-workers-several = { $count } people registered with this mobile number; check which one you mean.
console-worker-name = Name: { $name }
console-worker-phone = Mobile: { $phone }
console-worker-trades = Work wanted: { $trades }
console-worker-areas = Areas: { $areas }
console-worker-registered = Registered: { $time }
console-worker-said = Hardship they said: { $categories }
console-worker-recognised = Recognised by staff: { $categories }
console-worker-recognised-at = Last recognised: { $time }
console-worker-categories = Categories (people with difficulty finding work)
console-worker-recognise = Recognise
console-worker-unrecognise = Withdraw recognition
console-worker-pick = Please choose at least one category. Nothing was changed.
console-worker-unchanged = Nothing changed: { $name } is recognised as "{ $categories }".

## Finding work (找工作)

find-ask-what = What work do you want, and where? Like "搬运 in 丰泽" (moving), "小工 tomorrow, paid every day" (helper) or "保洁 near me" (cleaning).
find-say-what = Please say what work you want and where, like "普工 in 晋江" (general worker) or "保洁 near me" (cleaning).
find-open-day = All right: jobs on any day.
find-said-yes = To see a job, reply with its number, such as "1".
find-pay-shown = Each job's pay follows its place (yuan a day, yuan an hour). To see a job in full, reply with its number.
find-place-shown = Each job's district follows its kind of work. To see its address, reply with the job's number.
find-nothing-yet = No jobs were found this time, so there is no pay to see and nothing to apply for. You can search again with another place or kind of work.
find-said-no = All right. To look for other work, say what and where; to stop, reply "cancel".
find-ask-location = Please send your location (tap "+", then "Location"). I will look for work near you.
find-location-or-place = I have no location yet. If you would rather not send it, say which district or town, like "Fengze" or "Chendai"; or say "anywhere".
find-searched = Looking for: { $what ->
        [any] any work
        [welfare] public-welfare jobs
       *[other] { $what }
    }{ $where ->
        [none] {""}
        [near] , near you
       *[other] , { $where }
    }{ $month ->
        [0] {""}
       *[other] , { $range ->
            [yes] from
           *[no] on
        } { $month }/{ $day }
    }{ $method ->
        [none] {""}
        [hourly] , paid by the hour
        [piece] , paid by the piece
        [monthly] , paid monthly
        [on_completion] , paid when done
       *[daily] , paid daily
    }{ $pay_min ->
        [none] {""}
       *[other] , { $pay_min } yuan per { $pay_unit ->
            [hour] hour
            [piece] piece
            [month] month
            [job] job
           *[day] day
        } or more
    }{ $board ->
        [both] , with meals and a bed
        [meals] , with meals
        [lodging] , with a bed
       *[none] {""}
    }{ $order ->
        [pay] , the best paid first
       *[none] {""}
    }.
find-nothing-to-pick = Nothing was found this time, so there is nothing to pick. Try other words, like another place or kind of work, or reply "notify me".
find-found = Jobs found: { $count }
job-line = { $n }. { $welfare ->
        [yes] (public-benefit job){" "}
       *[no] {""}
    }{ $trades } | { $area } | { $amount } yuan/{ $pay_unit ->
        [hour] hour
        [piece] piece
        [month] month
        [job] whole job
       *[day] day
    } | { $method ->
        [hourly] paid by the hour
        [piece] paid by the piece
        [monthly] paid every month
        [on_completion] paid when done
       *[daily] paid every day
    } | { $month }/{ $day }{ $km ->
        [none] {""}
       *[other] {" | "}{ $km } km
    }{ $count ->
        [0] {""}
       *[other] {" | "}{ $avg } points · { $count } ratings
    }
find-results-hint = Reply with a number to see a job{ $more ->
        [yes] , or "more" for the next page
       *[no] {""}
    }. Or say it in other words and look again.
find-nothing = I found no work like that right now.
find-widened-same-trade-any-area = There is no work like that in this place now. Other places have it:
find-widened-same-area-related = There is no work like that now. This place has work close to it:
find-alert-offer = Reply "notify me" and I will send you a message when work like that comes in.
find-alert-set = OK, I will tell you about new work like that (for 30 days, a few messages a day at most, none at night). Reply "unsubscribe" to stop.
nearest-market = The nearest gig market: { $name } (about { $km } km). Reply "market" to see the address.
job-detail-place = This job is in { $area }, { $address ->
        [location] at the location shown above
        [none] the exact address from the employer once you apply
       *[other] { $address }
    }. Ask the employer the way when you call after applying.
job-detail =
    #{ $id } { $welfare ->
        [yes] (public-benefit job, for now){" "}
       *[no] {""}
    }{ $trades }
    Place: { $area }, { $address ->
        [location] see the location
       *[other] { $address }
    }
    Start: { $month }/{ $day }, days: { $days }, { $time }
    Pay: { $amount } yuan/{ $pay_unit ->
        [hour] hour
        [piece] piece
        [month] month
        [job] whole job
       *[day] day
    }, { $method ->
        [hourly] paid by the hour
        [piece] paid by the piece
        [monthly] paid every month
        [on_completion] paid when the job is done
       *[daily] paid every day
    }
    Workers needed: { $headcount }, still missing: { $left }
    Skills needed: { $skills ->
        [none] none
       *[other] { $skills }
    }
    Food and bed: { $meals ->
        [yes] food given
        [no] no food
       *[unknown] food not said
    }, { $lodging ->
        [yes] bed given
        [no] no bed
       *[unknown] bed not said
    }
    Notes: { $description ->
        [none] none
       *[other] { $description }
    }
    Contact: { $contact } (you get the phone number after you apply){ $count ->
        [0] {""}
       *[other] , boss's rating: { $avg } points · { $count } ratings
    }
job-detail-actions =
    1 Apply
    2 Back to the list
    3 Report it (fake job, discrimination)
job-gone = This job is full or has ended.
job-full = This job is full now. Look at other jobs.
already-applied = You have already applied. The boss's phone: { $phone }
# Signing up for a course without being registered: who sees the name and phone, and that they are kept as a job registration too.
training-consent =
    To sign up, you leave a name and a phone number. The course staff see them, to tell you about the classes.
    They are also kept as your job registration, so you need not give them again to find work; a boss sees your phone only once they hire you. To delete them, reply "delete" (注销) at any time.
    1 Yes
    2 No
training-ask-phone = What is your mobile number? If a class changes, the course staff will call you. Reply "skip" if you prefer not to; then we tell you on WeChat only.
apply-consent =
    To apply, you leave a name and a phone number. The boss sees your name when you apply, and your phone only once they hire you. To delete them, reply "delete" (注销) at any time.
    1 Yes
    2 No
applied =
    You have applied! The boss has been told.
    Contact: { $contact }, phone: { $phone }
    Reply "my applications" to see it or cancel it.
unsubscribed = OK, we will not send you new jobs or courses any more. To get them again, reply "my info" and change it.

## Applicants and applications

applicants-none = Nobody has applied yet.
applicants-list = People who applied: { $count }
applicant-line = { $n }. { $name }{ $count ->
        [0] {""}
       *[other] {" "}({ $avg } points · { $count } ratings)
    }, { $trades }, phone: { $phone ->
        [none] none (use WeChat)
        [hidden] shown once you hire them
       *[other] { $phone }
    } ({ $status ->
        [accepted] hired
        [declined] not a fit
       *[applied] waiting for your answer
    })
applicants-pick = Reply with a number or the name to hire or turn down.
applicant-decide =
    { $name }:
    1 Hire
    2 Not a fit
applicant-decided = { $status ->
        [accepted] OK, { $name } is hired and has been told. Their phone: { $phone ->
            [none] none given; they will call the number in your post
           *[other] { $phone }
        }
        [declined] OK, { $name } was turned down and has been told.
       *[not_done] That did not work: the job may be full or closed, or they cancelled. Reply "my jobs" to look again.
    }
myapps-list = The jobs you applied for:
myapps-line = { $n }. { $trades }, { $area }, { $month }/{ $day } ({ $status ->
        [accepted] you are hired
       *[applied] waiting for the boss
    }) Contact: { $contact }, phone: { $phone }
myapps-pick = Reply with a number to cancel that application.
myapps-withdraw =
    Cancel this application? The boss will be told.
    1 Yes, cancel it
    2 No, keep it
myapps-withdrawn = Your application is cancelled. The boss has been told.
myapps-kept = OK, your application is still there.
myapps-none = You have not applied for any job yet. Reply "find work" to look for one.

## Messages to the other party

new-applicant =
    Someone applied for your job #{ $id }:
    { $name }, can do: { $trades }
    Phone: { $phone ->
        [none] none (reach them in the official account)
        [hidden] you see it once you hire them
       *[other] { $phone }
    }
    Reply "录用{ $name }" to hire them, or "my jobs" (我的招工) to see everyone who applied, to hire or turn down.
application-result = { $status ->
        [accepted] Good news! You are hired for job #{ $id }. Contact: { $contact }, phone: { $phone }.
       *[declined] This time you were not hired for job #{ $id }. Reply "find work" to see other jobs.
    }
applicant-withdrew = { $name } cancelled the application for job #{ $id }.

## Pushes of new jobs

push-intro = New jobs that fit you: { $count }
push-footer = Reply "find work" to see more and apply. To stop these messages, reply "unsubscribe".

## Tickets: complaints, requests for a person, feedback

complaint-summary =
    Please check:
    1. What it is about: { $kind ->
        [wages] unpaid wages
        [injury] hurt at work, or unsafe work
        [fake_job] fake job, illegal agent
        [discrimination] treated unfairly (discrimination)
        [service] the service of a gig market
        [feedback] ideas and suggestions
       *[other] something else
    }
    2. Which job: { $job }
    3. What happened: { $what }{ $voices ->
        [0] {""}
       *[other] {" "}(your { $voices } voice message(s) are kept as evidence)
    }
    4. Photos: { $photos }
    5. Call back: { $phone ->
        [none] no call needed
       *[other] { $phone }
    }
complaint-confirm = If it is all right, reply “send” to send it. To change a line, reply with its number.
complaint-lodged =
    Sent! Your number is #{ $id }. Staff can see it now.
    { $called_back ->
        [yes] Staff will call you, and answer you here too.
       *[no] Staff will answer you here; please watch for their message.
    }
    Reply "my complaints" (我的投诉) to see how it is going.
survey-thanks = Thank you for your score. We will do better.
tickets-none = You have no complaints or messages yet.
ticket-not-yours = I could not find that number for you. Reply "my complaints" (我的投诉) to see all of yours.
ticket-line = #{ $id } { $kind ->
        [wages] unpaid wages
        [injury] hurt at work, or unsafe work
        [fake_job] fake job, illegal agent
        [discrimination] treated unfairly (discrimination)
        [service] the service of a gig market
        [question] asked for a person
        [feedback] ideas and suggestions
        [dispute] the job did not happen
       *[other] something else
    }: { $status ->
        [closed] closed
        [in_progress] staff are working on it
       *[open] received, waiting for staff
    }
ticket-last-reply = Staff answered: { $text }
staff-replied =
    Staff answer you (number #{ $id }):
    { $text }
ticket-in-progress = Staff are working on your number #{ $id }. Please wait a little.
ticket-closed =
    Your number #{ $id } is closed{ $wrote ->
        [yes] : { $note }
       *[no] .
    }
    Are you happy with how we handled it? Reply with a number from 1 to 5 (5 means very happy), or just say "very good", "ok" or "bad".
ticket-followed-up = We are following up on your number #{ $id }. Staff will answer you soon.
shortage-none = There is not enough data yet to say which kinds of work need people.
shortage-intro = These kinds of work need people now (more workers wanted than signed up):
shortage-line = { $n }. { $trade }: { $demand } wanted, { $supply } signed up

## Staff: tickets (STAFF_OPENIDS only)

staff-ticket = **{ $urgent ->
        [yes] <font color="warning">URGENT</font>{" "}
       *[no] {""}
    }{ $kind ->
        [wages] Unpaid wages
        [injury] Hurt at work, unsafe work
        [fake_job] Fake job, illegal agent
        [discrimination] Treated unfairly
        [service] Gig market service
        [question] User asks for a person
        [feedback] Ideas and suggestions
        [dispute] One side says the job did not happen
       *[other] Complaint
    }** #{ $id }
    User: { $user }
    Call back: { $call ->
        [yes] please call { $phone } (send "查看 { $id }" for the whole number)
       *[no] the user did not ask for a call (phone: { $phone })
    }
    Job: { $job }, employer: { $employer }
    Market: { $market }
    Was doing: { staff-dialog-name }
    Photos: { $photos }
    Time: { $time }
    What they said:
    { $text }
    To answer the user, send to the official account: "回复 { $id } text" (reply), "处理中 { $id }" (in progress) or "结案 { $id } note" (close).
staff-ticket-user-reply = **The user answered** #{ $id }
    User: { $user }
    { $text }
    To answer: send "回复 { $id } text" to the official account; "结案 { $id } note" to close it.
staff-urgent = URGENT: number #{ $id } needs help right now. Staff on duty, please take it.
staff-overdue = **<font color="warning">Not handled in time</font>** #{ $id }
    User: { $user }, waited { $hours } working hours
    { $text }
staff-todo-empty = Nothing is waiting to be handled.
staff-todo = Waiting to be handled: { $count } (urgent ones first, then those no one has handled yet){ $more ->
        [yes] ; { $shown } are listed, send "待办" again for the rest once these are closed
       *[no] {""}
    }
staff-todo-line = #{ $id } { $urgent ->
        [yes] URGENT{" "}
       *[no] {""}
    }{ $kind ->
        [wages] Unpaid wages
        [injury] Hurt at work, unsafe work
        [fake_job] Fake job, illegal agent
        [discrimination] Treated unfairly
        [service] Gig market service
        [question] User asks for a person
        [feedback] Ideas and suggestions
        [dispute] One side says the job did not happen
       *[other] Complaint
    } ({ $status ->
        [in_progress] in progress
        [closed] closed
       *[open] not handled yet
    }, came in { $time }): { $wrote ->
        [no] (nothing written)
       *[yes] { $text }
    }
staff-no-such-ticket = There is no number #{ $id }.
staff-ticket-view = #{ $id } { $kind ->
        [wages] Unpaid wages
        [injury] Hurt at work, unsafe work
        [fake_job] Fake job, illegal agent
        [discrimination] Treated unfairly
        [service] Gig market service
        [question] User asks for a person
        [feedback] Ideas and suggestions
        [dispute] One side says the job did not happen
       *[other] Complaint
    } ({ $status ->
        [in_progress] in progress
        [closed] closed
       *[open] not handled yet
    }), came in { $time }
    Call back: { $phone ->
        [none] no phone left
       *[other] { $phone }
    }
    { $wrote ->
        [no] (nothing written)
       *[yes] { $text }
    }
staff-ticket-message = { $author ->
        [staff] Staff
       *[user] User
    }: { $text }
staff-reply-needs-text = Please write the reply: "回复" (reply), the number, then your text.
staff-ticket-already-closed = #{ $id } is already closed; nothing was changed. To tell the user more, send "回复 { $id }" and your text.
staff-ticket-done = OK, #{ $id } { $action ->
        [reply] is answered; the user has your reply
        [progress] is marked "in progress"; the user has been told
       *[close] is closed; the user was asked for a score
    }.

## #14 staff in Chinese: staff's help, a command without its number, what the user was doing
# Staff's help ("help" from a staff member): one line per staff command, in the order of the "staff"
# words in bot/data/intents.json; a new command adds its line `staff-help-<command>` here.
staff-help = Staff commands (the numbers are in "todo" and "review"):
staff-help-queue = · review: posts waiting for review. E.g. review
staff-help-approve = · approve NUMBER: the post passes review and is published at once. E.g. approve 7
staff-help-reject = · reject NUMBER REASON: the post does not pass; the employer is told why. E.g. reject 7 no age limits
staff-help-reply = · reply NUMBER TEXT: answer the user. E.g. reply 12 we will call you tomorrow morning
staff-help-progress = · progress NUMBER: tell the user it is being handled. E.g. progress 12
staff-help-close = · close NUMBER NOTE: done; the user gets the note and is asked for a score. E.g. close 12 settled
staff-help-view = · view NUMBER: the whole ticket, phone, photos and messages. E.g. view 12
staff-help-todo = · todo: requests and complaints not closed yet. E.g. todo
staff-help-bookings = · bookings: today's career guidance bookings; "bookings 1" for tomorrow. E.g. bookings 1
staff-todo-hint = Reply with a number to see it in full, e.g. "{ $first }". After that, just write what to tell the user; I will ask before sending it.
staff-view-hint = To answer this user, just write what to tell them; I will ask before sending it. When it is done, reply "close { $id } note".
staff-draft-confirm =
    Send this to the user of #{ $id }?
    "{ $text }"
    Reply "send" to send it, or "cancel" not to.
staff-draft-dropped = All right, nothing was sent.
staff-draft-unsent = Note: what you wrote for #{ $id } was not sent. To send it, write it again and reply "send".
staff-send-nothing = There is nothing to send. Reply with a number to see a request first, then write what to tell the user.
staff-help-send = · send: send what you wrote after looking at a number to its user. E.g. send
consent-first = Please agree first: reply "agree" or 1, and then I will ask your name and phone.
staff-help-end = For what users can do, send "menu".
# A command that needs a number, sent without one ("close"): then that command's help line.
staff-needs-number = The number is missing. The numbers are in "todo" and "review". Write it like this:
# What the user was doing (a dialog's name, bot/turn/conversation.py DIALOGS; "report" is a report of a job).
staff-dialog-name = { $dialog ->
        [register] registering as a worker
        [post_job] posting a job
        [complaint] making a complaint
        [find_work] looking for work
        [training] signing up for training
        [training_needs] saying what training they need
        [guidance] booking career guidance
        [rate] rating
        [dispute] saying a job did not happen
        [report] reporting a job
        [delete] deleting their data
        [my_applications] looking at their applications
        [my_guidance] changing a guidance booking
        [markets] finding a market
        [my_jobs] managing their job posts
        [done] saying a job is done
        [survey] answering the satisfaction survey
        [my_training] looking at their course sign-ups
        [none] -
       *[other] doing something else
    }
# Why WeChat gave no access_token: its global return code (WeChat's developer documentation, 全局返回码);
# -1 is also ours for a network failure.
staff-wechat-error = { $errcode ->
        [40164] the server's IP is not in the official account's IP allow-list
        [40125] the AppSecret is wrong
        [40013] the AppID is wrong
        [40001] the AppSecret is wrong, or the access_token is no longer valid
        [45009] today's API call quota is used up
        [-1] WeChat cannot be reached, or is busy
       *[other] WeChat answered with an error
    }
# A course's sign-up list (python -m bot courses --signups CODE): its column headings and each status.
staff-signups-name = name
staff-signups-phone = phone
staff-signups-status = status
staff-signups-when = signed up at
staff-signup-status = { $status ->
        [enrolled] signed up
        [waiting] waiting for a place
       *[other] other
    }

## #15 console: courses (培训), guidance bookings (预约), markets and their QR codes (市场)
console-nav-courses = Courses
console-nav-bookings = Bookings
console-nav-markets = Markets
console-courses-title = Training courses
console-courses-new = Add a course
console-courses-none = No courses yet. Press "Add a course" to add one.
console-courses-retired-list = Courses no longer offered
console-course-col-name = Course
console-course-col-dates = Dates
console-course-col-mode = How
console-course-col-seats = Signed up / places
console-course-col-waiting = Waiting
console-course-dates = { $start } to { $end }
console-course-mode = { $mode ->
        [live] live online
        [on_demand] online, any time
       *[offline] in person
    }
console-course-open = Open
console-course-edit = Edit
console-course-edit-title = Edit course: { $name }
console-course-new-title = Add a course
console-course-saved = Saved "{ $name }". Workers see it under "training" right away.
console-course-retire = Stop offering this course
console-course-retire-hint = Workers no longer see it; those who signed up stay on its lists.
console-course-retired = "{ $name }" is no longer offered.
console-course-not-found = There is no such course. Go back to the list.
console-course-signups = Signed up ({ $count })
console-course-waiting = Waiting for a place ({ $count })
console-course-nobody = Nobody yet.
console-course-export-csv = Download the list (CSV)
console-course-export-xlsx = Download the list (Excel)
console-course-field-code = Code
console-course-field-code-hint = Lower-case letters, digits and -, like elec-2026-12-fz. Left empty, one is made up. It cannot change later.
console-course-field-name = Course name
console-course-field-trade = Trade
console-course-field-trade-none = (any trade)
console-course-field-teaches = What it teaches
console-course-field-area = Area
console-course-field-area-none = (any area; choose this for online courses)
console-course-field-place = Where
console-course-field-mode = How it is taught
console-course-field-start = Starts
console-course-field-end = Ends
console-course-field-schedule = When
console-course-field-schedule-hint = Like: weekdays 8:30-11:30
console-course-field-capacity = Places
console-course-field-cost = Cost
console-course-field-subsidy = Subsidy
console-course-field-who = Who may sign up
console-course-field-keywords = Keywords
console-course-field-keywords-hint = Workers who say these words find this course too; separate them with commas.
console-form-save = Save
console-form-back = Back
console-form-problems = { $count } things to fix, in red below. Nothing was saved.
console-check-required = Please fill this in.
console-check-too-long = Too long: at most { $limit } characters.
console-check-code = Lower-case letters, digits, - and _ only, starting with a letter, at most { $limit }.
console-check-code-taken = This code is already used; choose another.
console-check-date = Write the date like 2026-12-07.
console-check-dates-order = The end cannot be before the start.
console-check-number = A whole number from { $low } to { $high }.
console-check-choice = Please choose one from the list.
console-check-keywords = At most { $count } keywords, each at most 20 characters.
console-check-hours = These opening hours cannot be read ({ $detail }). Write them as in the example, or "待核实" when not known.
console-check-location = This is not in Quanzhou: it must be between { $low } and { $high }. Are latitude and longitude swapped?
console-check-name-taken = A market or station already has this name.
console-check-refused = Not saved: { $detail }
console-bookings-title = Career guidance bookings
console-bookings-day = Day
console-bookings-market = Market
console-bookings-all-markets = All markets
console-bookings-show = Show
console-bookings-count = { $month }/{ $day }: { $count } bookings
console-bookings-none = No bookings on this day.
console-bookings-bad-day = Write the day like 2026-12-07; here is today.
console-bookings-col-market = Market
console-bookings-col-half = When
console-bookings-col-name = Name
console-bookings-col-phone = Phone
console-bookings-col-topic = Wants to talk about
console-bookings-half = { $half ->
        [morning] morning
       *[afternoon] afternoon
    }
console-markets-title = Markets and stations
console-markets-new = Add a market or station
console-markets-retired-list = No longer offered
console-market-col-name = Name
console-market-col-area = Area
console-market-col-hours = Opening hours
console-market-col-verified = Checked
console-market-kind = { $kind ->
        [market] gig market
       *[station] gig station
    }
console-market-verified = { $verified ->
        [yes] checked
       *[no] not checked
    }
console-market-edit = Edit
console-market-edit-title = Edit: { $name }
console-market-new-title = Add a market or station
console-market-saved = Saved "{ $name }". Workers see it within seconds.
console-market-retire = Stop offering
console-market-retire-hint = Workers no longer see it or book guidance there; earlier bookings and complaints still show its name.
console-market-retired = "{ $name }" is no longer offered.
console-market-not-found = There is no such market. Go back to the list.
console-market-field-code = Code
console-market-field-code-hint = Lower-case letters, digits and _, like fengze_market. Left empty, one is made up. It cannot change later.
console-market-field-name = Name
console-market-field-kind = Kind
console-market-field-area = Area
console-market-field-address = Address
console-market-field-hours = Opening hours
console-market-field-hours-hint = Days first, then times, in Chinese as the examples: 周一至周五 8:00-11:30，14:30-17:30；周六 8:00-12:00. When not known, "待核实" (then no guidance can be booked there).
console-market-field-lat = Latitude
console-market-field-lng = Longitude
console-market-field-location-hint = The coordinates from a map, like 24.8935 and 118.6165.
console-market-field-verified = Name, address and hours checked in person
console-market-qr = QR code
console-market-qr-scene = scene { $scene }
console-market-qr-make = Make the QR code
console-market-qr-download = Download the QR code (PNG, for print)
console-market-qr-hint = A worker who scans it follows the account and the bot knows they are at this market. WeChat makes the code once; every download is the same image.
console-market-qr-made = The QR code is made (scene { $scene }).
console-qr-error = { $reason ->
        [no-wechat] The official account's AppID and AppSecret are not set: no QR code can be made.
        [no-scene] This market's scene id is wrong: no QR code can be made.
        [limit] The account has made its 100,000 permanent QR codes: no new one can be made.
        [refused] WeChat gave no QR code: { $detail }
       *[unreachable] WeChat cannot be reached now; try again in a few minutes.
    }

## #15 console core: signing in, the menu, the audit log (staff read these)

console-title = Gig market console
console-role = { $role ->
        [admin] admin
        [reviewer] reviewer
       *[staff] staff
    }
console-logout = Sign out
console-back-home = Back to the start
console-error-title = Something went wrong
console-forbidden = Your account cannot use this. Ask an admin if you need it.
console-csrf-refused = This page has expired. Go back, reload it and try again.
console-bad-form = This form could not be read. Go back, reload it and try again.
console-login-title = Sign in
console-login-name = Name
console-login-password = Password
console-login-submit = Sign in
console-login-wecom = Sign in with WeCom
console-login-missing = Please fill in your name and password.
console-login-wrong = The name or password is wrong. Please try again.
console-login-wait = Too many wrong tries. Please wait { $minutes } minutes before signing in, or ask an admin for help.
console-login-wecom-failed = Signing in with WeCom did not work. Please try again, or sign in with your name and password.
console-login-wecom-unknown = This WeCom account has no console access yet. Ask an admin to add it.
console-home-title = Start
console-home-hello = Hello, { $name }. What would you like to do?
console-nav-audit = Audit
console-audit-title = What was changed (audit log)
console-audit-when = When
console-audit-who = Who
console-audit-action = What
console-audit-target = On
console-audit-before = Before
console-audit-after = After
console-audit-none = Nothing recorded yet.
console-audit-filter = Filter
console-audit-older = Older entries
console-audit-newer = Newer entries

## #15 console tickets: the 工单 page (staff read these)

console-nav-tickets = Tickets
console-tickets-title = Tickets
console-tickets-all = All open
console-tickets-urgent = Urgent
console-tickets-overdue = Overdue
console-tickets-mine = Mine
console-tickets-closed = Closed
console-tickets-none = No such tickets.
console-tickets-number = No.
console-tickets-kind = Kind
console-tickets-status = Status
console-tickets-created = Sent
console-tickets-assigned = Handled by
console-tickets-summary = What they wrote
console-ticket-kind = { $kind ->
        [wages] unpaid wages
        [injury] injury or danger
        [fake_job] fake job or illegal agency
        [discrimination] discrimination
        [service] the market's service
        [question] asked for a person
        [feedback] suggestion
        [dispute] one side says the work did not happen
       *[other] complaint
    }
console-ticket-status = { $status ->
        [open] waiting
        [in_progress] in progress
       *[closed] closed
    }
console-ticket-urgent = urgent
console-ticket-overdue = overdue
console-ticket-nobody = nobody
console-ticket-title = Ticket #{ $id }
console-ticket-user = User
console-ticket-phone = Call back on
console-ticket-show-phone = Show the whole number (recorded)
console-ticket-no-phone = The user did not ask to be called
console-ticket-job = Job
console-ticket-market = Market
console-ticket-thread = Messages
console-ticket-from-user = User
console-ticket-from-staff = Staff { $name }
console-ticket-evidence = Photos and voice
console-ticket-evidence-open = Open
console-ticket-evidence-waiting = still being saved
console-ticket-evidence-failed = could not be saved
console-ticket-evidence-nolink = saved, but PUBLIC_BASE_URL is not set, so there is no link
console-ticket-reply = Reply to the user
console-ticket-reply-help = The user gets this in WeChat.
console-ticket-reply-send = Send reply
console-ticket-reply-empty = Please write the reply first.
console-ticket-replied = Reply sent; the user gets it in WeChat.
console-ticket-progress = Mark in progress
console-ticket-progressed = Marked in progress; the user was told.
console-ticket-close = Close
console-ticket-close-note = Closing note (the user sees it)
console-ticket-closed-done = Closed; the user gets the outcome and the satisfaction question.
console-ticket-assign = Give to
console-ticket-assign-send = Assign
console-ticket-assigned-done = Assigned to { $name }.
console-ticket-unassigned-done = No longer assigned.
console-ticket-is-closed = This ticket is already closed.
console-ticket-not-found = There is no such ticket.
console-ticket-satisfaction = Satisfaction
console-ticket-close-note-shown = Closing note
console-ticket-back = Back to the tickets
console-ticket-too-long = Too long: please keep it under { $max } characters.
console-ticket-done-before = This was already done.

## Reporting a job (举报)

report-ask-why =
    Why do you report this job?
    1 Fake job, a scam, asks for a deposit
    2 Discrimination
    3 Another problem
reported = Report received, number #{ $id }. { $hidden ->
        [yes] The job is taken down until staff check it.{" "}
       *[no] Staff will check it.{" "}
    }Thank you!

## Staff report

report-title = # Gig market report ({ $start } to { $end })
report-note = Quanzhou time; counts only, no personal data. The supply and demand chart follows.
report-jobs = **Jobs**: { $posted } posted for { $places } people, { $filled } filled
report-jobs-by-trade = By trade (top { $top }; a job can have several trades):
report-jobs-by-area = By area:
report-jobs-line = { $n }. { $name }: { $posted } posted for { $places } people, { $filled } filled
report-workers = **Registered workers**: { $workers } in all, { $new } new in this period
report-workers-by-trade = Trades with the most registered workers (top { $top }):
report-workers-line = { $n }. { $name }: { $workers }
report-shortage-title = **Shortage trades** (more open places than registered workers):
report-shortage-line = { $n }. { $name }: { $open } open places, { $workers } registered, { $gap } short
report-surplus-title = **Trades with more workers than work** (registered workers per open place):
report-surplus-line = { $n }. { $name }: { $workers } registered, { $open ->
        [0] no open places
       *[other] { $open } open places, { $ratio } per place
    }
report-applications = **Applications**: { $applied } made, { $accepted } accepted
report-tickets = **Complaints and messages**: { $count }; median time to first reply { $reply } h, to close { $close } h
report-ticket-line = { $kind ->
        [wages] Unpaid wages
        [injury] Injury or danger
        [fake_job] Fake job or illegal agency
        [discrimination] Discrimination
        [service] The market's service
        [question] Asked for a person
        [feedback] Suggestions
       *[other] Other
    }: { $count }; first reply { $reply } h, closed { $close } h
report-satisfaction = **Satisfaction**: { $rated ->
        [0] nobody has rated yet
       *[other] { $average } on average (out of 5; { $rated } rated)
    }; { $closed } closed
report-pushes = **Pushes**: { $pushes } jobs pushed to { $workers } workers
report-ratings-title = **Ratings**:
report-ratings-line = { $who ->
        [employer] Ratings of employers
       *[worker] Ratings of workers
    }: { $average } on average ({ $count } ratings)
report-none = none
report-truncated = (Too long: the rest is cut; the full report is in the file.)

## #14 loop: the weekly report's courses, needs survey, satisfaction survey and chart

report-chart-title = Open places vs registered workers by trade, { $start } to { $end }
report-chart-demand = Open places (demand)
report-chart-supply = Registered workers (supply)
report-chart-x = People
report-chart-y = Trade
report-chart-empty = No open places and no registered workers in this period
report-chart-footer = Quanzhou public gig markets - counts only, no personal data
report-courses-title = **Course sign-ups** (running or starting soon):
report-courses-line = { $n }. { $name } (starts { $start }): { $enrolled }/{ $capacity } signed up, { $waiting } waiting, { $told } told
report-needs-title = **Skills training wanted** (needs survey: { $people } people answered, { $new } new in this period):
report-needs-line = { $n }. { $name }: { $people } people want to learn it ({ $new } new)
report-survey-title = **Satisfaction survey** (1-5, this period of { $days } days against the { $periods } before):
report-survey-line = { $part ->
        [environment] Environment
        [process] Process
       *[result] Result
    }: { $average } now ({ $count } answers), { $before } before ({ $before_count } answers), { $trend ->
        [up] better
        [down] worse
        [same] about the same
       *[none] nothing to compare
    }

## #15 console: 政策 (policies) and 报表 (report) pages

console-report-sheet = { $sheet ->
        [summary] Summary
        [jobs_by_trade] Jobs by trade
        [jobs_by_area] Jobs by area
        [supply] Supply and demand by trade
        [supply_by_area] Supply and demand by area
        [shortage] Shortage trades
        [tickets] Complaints and requests
        [survey] Satisfaction survey
        [courses] Course sign-ups
       *[needs] Training wanted
    }
console-report-col = { $col ->
        [item] Item
        [value] Number
        [trade] Trade
        [area] Area
        [posted] Jobs posted
        [places] Places
        [filled] Filled
        [open_places] Open places
        [workers] Registered workers
        [gap] Short of (negative: surplus)
        [kind] Kind
        [count] Count
        [reply_hours] First reply (hours, median)
        [close_hours] Closed (hours, median)
        [part] Part
        [average] Average now
        [before_average] Average before
        [before_count] Answers before
        [trend] Trend
        [course] Course
        [start] Starts
        [capacity] Places
        [enrolled] Signed up
        [waiting] Waiting
        [told] Told
        [people] People who want it
       *[new] New in this period
    }
console-report-item = { $item ->
        [jobs_posted] Jobs posted
        [places_posted] Places asked for
        [places_filled] Places filled
        [workers_total] Registered workers
        [workers_new] Newly registered
        [applications_made] Applications
        [applications_accepted] Accepted
        [tickets_total] Complaints and requests
        [tickets_reply_hours] Hours to first reply (median)
        [tickets_close_hours] Hours to close (median)
        [tickets_closed] Closed
        [satisfaction_rated] Rated
        [satisfaction_average] Average satisfaction (out of 5)
        [pushes_sent] Jobs pushed
       *[pushes_workers] Workers who got pushes
    }
console-report-kind = { $kind ->
        [wages] Unpaid wages
        [injury] Injury or danger
        [fake_job] Fake job or bad agency
        [discrimination] Discrimination
        [service] The market's service
        [question] Asked for a person
        [feedback] Suggestion
       *[other] Something else
    }
console-report-part = { $part ->
        [environment] Environment
        [process] Process
       *[result] Result
    }
console-report-trend = { $trend ->
        [up] better
        [down] worse
        [same] about the same
       *[none] nothing to compare
    }

console-nav-policies = Policies
console-nav-reports = Reports
console-policies-title = Policy answers
console-policies-intro = When a user asks about a policy, the bot answers with the best entry here. After a change, preview it first: see what users get and whether retrieval got worse, then save.
console-policies-search = Search
console-policies-search-hint = Title, id or question
console-policies-new = Add an entry
console-policies-none = Nothing found.
console-policies-unverified = to verify
console-policies-col = { $col ->
        [title] Title
        [id] Id
        [checked] Checked on
       *[questions] Questions
    }
console-policy-back = Back to the list
console-policy-new-title = New policy entry
console-policy-edit-title = Edit: { $title }
console-policy-field = { $field ->
        [id] Id
        [title] Title (Chinese)
        [title_en] Title (English)
        [questions] How users ask
        [short] Short answer (Chinese)
        [short_en] Short answer (English)
        [details] Details (Chinese)
        [details_en] Details (English)
        [where] Where to go, whom to ask (Chinese)
        [where_en] Where to go, whom to ask (English)
        [source] Source documents
        [checked] Checked on
        [related] Related entries
       *[note] Note
    }
console-policy-hint = { $field ->
        [id] Lower-case letters, digits and dashes only, e.g. wage-arrears. It cannot change once saved.
        [title] Include the key words of the topic (e.g. unpaid wages, work injury).
        [questions] One a line, 8 to 15, as users say them. Do not copy questions of the evaluation set.
        [short] At most 4 lines, under 600 bytes (about 190 Chinese characters). First whether and how, then where to ask.
        [short_en] At most 4 lines, under 600 bytes.
        [details] Under 1500 bytes (about 480 Chinese characters).
        [details_en] Under 1500 bytes.
        [where] Only well-known real channels (12333, 12345, the gig market …), no other phone numbers.
        [source] Only documents that exist; without a sure article number, just the document's name.
        [checked] The date you checked it, year-month-day, e.g. 2026-12-01.
        [related] Ids of 2 to 3 entries users usually ask next, one a line.
        [note] For colleagues; users never see it. For anything not verified write verified: false and where to check it.
       *[other] { "" }
    }
console-policy-others = Ids of the entries: { $ids }
console-policy-preview-button = Preview and evaluate
console-policy-save-button = Save
console-policy-save-hint = Saves exactly what is previewed above. Every bot process uses it within seconds.
console-policy-changed = Not saved: this is not what was previewed (you changed it, or someone else just changed this entry). Look at the new preview below, then save.
console-policy-saved = Saved. Within seconds users asking get the new text.
console-policy-invalid = Not saved, please correct{ $field ->
        [none] {""}
       *[other] {" "}“{ $field }”
    }: { $problem }
console-policy-bad-id = An id may have only lower-case letters, digits and dashes, e.g. wage-arrears.
console-policy-id-taken = This id is taken. Choose another, or go back to the list and edit that entry.
console-policy-preview-title = What users see in WeChat
console-policy-preview-locale = { $lang ->
        [en] A user who chose English
       *[zh_CN] A Chinese user
    }
console-policy-preview-answer = When the question finds this entry:
console-policy-preview-details = When they then reply "details" (详细):
console-policy-eval-title = Retrieval evaluation (before and after the change)
console-policy-eval-figure = { $figure ->
        [top1] Best hit right (higher is better)
        [top3] Right entry in the top three (higher is better)
        [off_topic_rejected] Off-topic questions not answered (higher is better)
       *[on_topic_rejected] Policy questions not answered (lower is better)
    }
console-policy-eval-before = Before
console-policy-eval-after = After
console-policy-eval-worse = Careful: the change makes retrieval worse (rows in red). Look at the questions below before saving.
console-policy-eval-same = Nothing got worse.
console-policy-eval-new-misses = Questions the change makes miss:
console-policy-eval-miss = "{ $q }" should find { $want }, now finds { $got }
console-policy-eval-targets = Target missed: { $missed }
console-policy-eval-none = Cannot evaluate: the evaluation set (tests/unit/data/policy_eval.json) is not on this machine. The preview still works; before saving ask a technical colleague to run python -m bot policy-eval.
console-policy-eval-error = Cannot evaluate: { $problem }
console-reports-title = Reports
console-reports-start = From
console-reports-end = To
console-reports-show = Show
console-reports-excel = Download Excel
console-reports-period = { $start } to { $end } (Quanzhou time)
console-reports-note = Counts only, no personal data.
console-reports-range = { $range ->
        [last_week] Last week
        [this_week] This week
        [this_month] This month
       *[last_30] Last 30 days
    }
console-reports-bad-range = Those dates do not work: use year-month-day, the start not after the end, at most a year. Below is last week.
console-reports-chart = Open places and registered workers by trade
console-reports-empty = None

## After the job: done, ratings, surveys (评价)

done-list = Which job is done?
engagement-line = { $n }. { $trades }, { $area }, { $month }/{ $day }, other side: { $other }
done-pick = Reply with a number.
done-ok = OK, noted: the job is done. The other side has been told.
done-none = You have no job going on right now.
partner-says-done =
    The other side says job #{ $id } is done.
    Reply "rate" (评价) to give them a score. If the job did not happen, reply "it did not happen" (没干成).
rate-please = Job #{ $id } is over. Reply "rate" (评价) to give the other side a score. It helps everyone find people they can trust.

## #14 hardship: work done only once it began; rating what the other side ended
done-not-yet = Job #{ $id } only begins on { $month }/{ $day }. Reply "done" (完工) once the work has begun.
done-by-other = The other side already said the job is done. You can rate them now.

dispute-list = Which job did not happen?
dispute-pick = Reply with a number. Staff will check it.
dispute-sent = Got it. Staff will check it, number #{ $id }. Until they do, the job does not count as done, and nobody can rate it.
dispute-none = There is no job that the other side says is done.
rate-list = You can rate these jobs:
rate-can-correct = (Rated. You can change it within 24 hours.)
rate-pick = Reply with a number to rate it.
rate-ask-score = What score do you give the { $role ->
        [worker] boss
       *[employer] worker
    }? Reply 1 to 5. 5 is the best.
rate-score-invalid = Please reply with a number from 1 to 5.
rate-score-changed = OK, { $score } out of 5.
rate-ask-tags = Pick the words that fit. You can pick more than one, like "1 3":
rate-tags-hint = If none fit, reply "skip".
rate-ask-comment = Anything else to say? If not, reply "skip".
rate-comment-refused = { $why ->
        [insult] A rating cannot have rude words.
       *[personal] A rating cannot have phone numbers or ID card numbers.
    } Please change it, or reply "skip".
rate-saved = Thank you for your rating!
rate-none = You have no job to rate now. When a job is done, reply "done" (完工), then come back to rate it.
rate-locked = You have already rated this. After 24 hours a rating cannot be changed.
my-rating = Your score as a { $role ->
        [worker] worker
       *[employer] boss
    }: { $avg } points · { $count } ratings
my-rating-tag = · { $tag }: { $count }
my-rating-none = You have no ratings yet.
staff-flag-unpaid = **<font color="warning">Note: a worker's rating says wages were not paid</font>** Employer: { $employer }, job #{ $id }. Please check.
staff-flag-low = **<font color="warning">Note: low scores</font>** Employer: { $employer }, { $avg } points on average ({ $count } ratings). Please keep an eye on it.

## #14 loop: the satisfaction survey, three questions (clause 24)

survey-intro = Three short questions to help us run the gig market better. Reply 1 to 5 (5 means very happy), or say "good", "so so", "bad". To leave one out, reply "skip".
survey-ask-environment = 1/3 The market's environment (the place, how easy it is on the phone): are you happy with it?
survey-ask-process = 2/3 The process (waiting, paperwork, how staff treat you): are you happy with it?
survey-ask-result = 3/3 The result (finding work, getting your problem solved): are you happy with it?

## Policy answers (政策)

policy-answer =
    {"["}{ $title }]
    { $short }
policy-details-hint = Reply "details" (详细) to read more, or "human" (人工) to ask staff.
policy-related = People also ask:
policy-menu = Which policy do you want to know about?
policy-menu-hint = Reply with a number to read about it, or just ask, like "do day workers pay social insurance?". Reply "human" (人工) to ask staff.
policy-not-sure = I am not sure about this one, and I do not want to get it wrong. Did you mean:
policy-not-sure-hint = Reply with a number to read about it, or reply "human" (人工) to ask staff.
policy-details =
    {"["}{ $title }]
    { $details }
    Where to go, who to ask: { $where }
    Source: { $source } (checked { $checked })
policy-complaint-offer = To complain, reply "complaint" (投诉); what you just told me goes with it, no need to tell it again.
complaint-story-kept = OK, what you told me is written down.
story-more-kept = I have written that down too.
policy-aside-back = Now, back to what we were doing:
policy-follow-up = About "{ $title }", here is all we have:
policy-follow-up-person = For anything not covered here, reply "staff" to ask a person, or call 12333.
policy-follow-up-unsure = I am not sure of that and would rather not guess. About "{ $title }" you can ask: { $where }. Or reply "staff" to ask a person.
policy-where = "{ $title }": where to go and who to ask: { $where }.

## #14 wage: minimum wage figures and the honest "not sure" for policy questions
policy-minimum-wage-area = { $newer ->
        [yes] { $area }: set in { $year } at { $monthly } yuan a month and { $hourly } yuan an hour. It has been raised since, so today's minimum is higher; pay below this is certainly unlawful.
       *[no] { $area }: at least { $monthly } yuan a month; paid by the hour, at least { $hourly } yuan an hour.
    }
policy-minimum-wage-table = { $newer ->
        [yes] Minimum wage across Quanzhou as set in { $year } (raised since; today's is higher):
       *[no] Minimum wage across Quanzhou:
    }
policy-minimum-wage-group = · { $areas }: { $monthly } yuan a month, { $hourly } yuan an hour
policy-minimum-wage-source =
    Source: { $document }, in force from { $effective }{ $newer ->
        [yes] ; it has been adjusted since, the latest published figures apply
       *[no] {""}
    }. { $verified ->
        [yes] {""}
       *[no] Staff have not finished checking this figure.
    } Check at: { $check }.
policy-minimum-wage-your-area = Name your district or county (e.g. "minimum wage Fengze") to get its figure.

## Training (培训)

training-elsewhere = There is no such course in { $area } now, but there is elsewhere:
training-list = Courses coming up:
training-line = { $n }. { $name }, starts { $start_month }/{ $start_day }, { $mode ->
        [live] live online
        [on_demand] online, learn any time
       *[offline] { $area }
    }, { $left } places left
training-pick = Reply with a number to see more and sign up.
training-none = There is no course that fits right now.
training-trade-none = There is no { $trade } course right now. These are on; reply with a number to see one.
training-needs-offer = Reply "training needs" (培训需求) to tell us what you want to learn. We will tell you first when a course starts.
training-detail =
    {"["}{ $name }]
    What you learn: { $teaches }
    When: { $start_month }/{ $start_day } to { $end_month }/{ $end_day }, { $schedule }
    Where: { $mode ->
        [live] live online
        [on_demand] online, learn any time
       *[offline] { $place }
    }
    Places: { $capacity } people, { $left } left
    Cost: { $cost }
    Subsidy: { $subsidy }
    Who can sign up: { $who }
training-which = Which one? Reply with a number from 1 to { $max }.
training-not-in-area = None of these courses is held in { $area }. Reply with a number to pick one, or reply "training needs" (培训需求) to tell us you want one in { $area }.
training-detail-place = { $mode ->
        [offline] This course is held in { $area }, at { $place }.
       *[other] This course is online: you can take it from anywhere.
    } Reply 1 to sign up, or 2 to see other courses.
training-detail-actions =
    1 Sign up
    2 Back to the list
training-already = You are already { $status ->
        [waiting] on the waiting list
       *[enrolled] signed up
    }. Reply "my training" (我的培训) to see it.
training-full = This course is full.
training-ask-wait =
    Do you want to wait for a place? If someone drops out, the place is yours, and we will send you a message.
    1 Wait for a place
    2 No, thanks
training-signed-up =
    You are signed up: { $name }
    Starts { $start_month }/{ $start_day }, { $schedule }, place: { $place }
    { $when ->
        [today] It starts today: please go to the place on time.
        [today-over] It started today, and today's class is over. Go on time to the next one and tell the staff there.
        [started] It has started already: please go to the place soon and tell the staff there.
        [online] It has started already: you can learn on your phone now.
       *[later] We will remind you the day before.
    } Reply "my training" (我的培训) to see it or cancel.
training-waiting = OK, you are on the waiting list. We will tell you as soon as there is a place.
training-not-signed = OK, you did not sign up.
training-promoted =
    Good news! A place opened in the course you were waiting for, and we signed you up: { $name }
    Starts { $start_month }/{ $start_day }, { $schedule }, place: { $place }
training-reminder =
    Reminder: your course { $name } starts tomorrow.
    { $schedule }, place: { $place }
    If you cannot go, reply "my training" (我的培训) to cancel, so someone waiting can have your place.
mytraining-list = Your courses:
mytraining-line = { $n }. { $name }, starts { $start_month }/{ $start_day }, { $schedule } ({ $status ->
        [waiting] waiting for a place
       *[enrolled] signed up
    })
mytraining-pick = Reply with a number to cancel it.
mytraining-cancel =
    Do you really want to cancel this course?
    1 Yes, cancel
    2 No, keep it
mytraining-cancelled = It is cancelled.
mytraining-kept = OK, it is not cancelled.
mytraining-none = You have not signed up for a course yet. Reply "training" (培训) to see the courses.
needs-ask-what = What skill do you want to learn, or what certificate do you want to get? Like "电工证" (electrician's licence), "做饭" (cooking) or "开叉车" (driving a forklift).
needs-say-what = Please say what you want to learn.
needs-ask-when =
    When is a good time for class?
    1 Weekdays
    2 Weekends
    3 Evenings
    4 Any time
needs-ask-mode =
    How do you want to learn?
    1 In person
    2 On your phone
    3 Either is fine
needs-thanks = Thank you! We will tell you when there is a course that fits.

## #14 loop: courses pushed to the workers they suit (clauses 14-16)

course-push-intro = A course has opened! { $count ->
        [one] One course fits you:
       *[other] { $count } courses fit you:
    }
course-push-line = { $n }. { $name }, starts { $start_month }/{ $start_day }, { $mode ->
        [live] live online
        [on_demand] online, learn any time
       *[offline] at { $place }
    }, { $schedule }, cost: { $cost }, { $left } places left
course-push-footer = To sign up, reply "training { $trade }", then the number. To stop these messages, reply "unsubscribe".

## Career guidance appointments (职业指导)

guidance-pick-market = Which gig market do you want one-to-one career guidance at? Reply with a number:
guidance-pick-slot = Times at { $market }. Reply with a number, or say it, like "{ $weekday ->
        [1] Monday
        [2] Tuesday
        [3] Wednesday
        [4] Thursday
        [5] Friday
        [6] Saturday
       *[7] Sunday
    } { $half ->
        [morning] morning
       *[afternoon] afternoon
    }":
guidance-slot-line = { $n }. { $month }/{ $day } { $weekday ->
        [1] Mon
        [2] Tue
        [3] Wed
        [4] Thu
        [5] Fri
        [6] Sat
       *[7] Sun
    } { $half ->
        [morning] morning
       *[afternoon] afternoon
    }{ $left ->
        [-1] {""}
        [0] {" "}(full)
       *[other] {" "}({ $left } places left)
    }
guidance-slot-not-shown = There is no time to book then. Please reply with a number from 1 to { $max }.
guidance-slot-full = That time is full. Please pick another time.
guidance-booked = { $ok ->
        [yes] Booked: { $market }, { $month }/{ $day } in the { $half ->
            [morning] morning
           *[afternoon] afternoon
        }, to talk about: { $topic }. Address: { $address }. We will remind you the day before. Reply "my booking" (我的预约) to move or cancel it.
       *[no] Sorry, that time just became full. Reply "career guidance" (职业指导) to pick another time.
    }
guidance-reminder = Reminder: tomorrow { $half ->
        [morning] morning
       *[afternoon] afternoon
    } you have career guidance at { $market } ({ $address }). If you cannot go, reply "my booking" (我的预约) to cancel.
myguidance-list = Your bookings:
myguidance-pick = Reply with a number to move or cancel it.
myguidance-action =
    1 Move it to another time
    2 Cancel it
myguidance-cancelled = Your booking is cancelled.
myguidance-none = You have no booking now. Reply "career guidance" (职业指导) to book one.
staff-bookings = Career guidance bookings on { $month }/{ $day }: { $count }
staff-booking-line = · { $market }, { $half ->
        [morning] morning
       *[afternoon] afternoon
    }: { $name }, { $phone }, about: { $topic }

## #14 guidance and markets: the topic of the visit, half-days only when the market is open

guidance-ask-topic =
    What would you like to talk about? Reply with a number, or say it:
    1 Finding work
    2 Learning a skill
    3 Starting a business
    4 Your rights (e.g. unpaid wages)
    5 Something else
guidance-when-noted = Noted: { $when }. First choose a gig market.
guidance-when-offer = You said "{ $when }": { $month }/{ $day } in the { $half ->
        [morning] morning
       *[afternoon] afternoon
    } is free. Reply "yes" to book it, or a number above for another time.
guidance-when-not-free = "{ $when }" cannot be booked here (closed or full); please choose a time above.
guidance-topic-noted = Noted: you want to talk about { $topic }.
guidance-topic-name = { $topic ->
        [work] finding work
        [skills] learning a skill
        [business] starting a business
        [rights] your rights
        [other] something else
       *[none] not said
    }
myguidance-topic = About: { $topic }
market-unconfirmed = This market's address or opening hours are not confirmed yet. Before you go, reply "human" (人工) to ask staff.
guidance-no-slots = { $market } has no time free in the coming days. Reply "cancel" (取消), then "career guidance" (职业指导) to pick another market; reply "human" (人工) for help.

## Abuse limits: one open request per user, daily limits on posts and applications

handed-to-staff-again =
    Your request #{ $id } is already with staff, and what you just sent has been added to it. No need to send it again.
    Staff will answer you here; please watch for their message. If it is urgent, go to a gig market near you.
ticket-repeated =
    You have sent this already (number #{ $id }). Staff are on it, and what you just sent has been added. No need to send it again.
    Reply "my complaints" (我的投诉) to see how it is going.
post-cap-reached =
    You can post at most { $limit } jobs a day, and you have posted { $limit } today.
    You can post again tomorrow. To change a job you posted, reply "my jobs" (我的招工); if it is urgent, reply "human" for staff.
post-cap-refused =
    This job was not posted: you can post at most { $limit } jobs a day, and you have posted { $limit } today.
    Please post it tomorrow; if it is urgent, reply "human" for staff.
apply-cap-reached =
    You can apply for at most { $limit } jobs a day, and you have applied for { $limit } today.
    You can apply again tomorrow; if you need help, reply "human" for staff.
apply-cap-refused =
    You were not signed up: you can apply for at most { $limit } jobs a day, and you have applied for { $limit } today.
    You can apply again tomorrow; if you need help, reply "human" for staff.
staff-ticket-again = The user of #{ $id } ({ $kind ->
        [wages] unpaid wages
        [injury] hurt at work, unsafe work
        [fake_job] fake job, illegal agent
        [discrimination] treated unfairly
        [service] gig market service
        [question] asks for a person
        [feedback] ideas and suggestions
        [dispute] one side says the job did not happen
       *[other] complaint
    }) wrote again; the ticket now has { $count } messages from the user. Send "查看 { $id }" to see them.
ticket-user-again-blank = (pressed "human" again)
# What the user had filled in when they asked for a person (on the ticket, and in its notice).
staff-draft = The user was { staff-dialog-name }, not finished; what they filled:
staff-draft-line = · { $field ->
        [consent] agreed to keep their details
        [kind] what it is about
        [job] which job (post number)
        [what] what happened
        [photos] photos
        [phone] phone
        [name] name
        [show_phone] phone shown to employers
        [age] age
        [areas] areas
        [area] area
        [address] address
        [trades] trades
        [skills] skills, requirements
        [days] which days, how many
        [hours] hours
        [date] start date
        [time] working hours
        [pay] pay
        [pay_unit] pay per
        [employer_kind] person or company
        [method] paid how
        [headcount] how many people
        [description] description
        [meals] meals provided
        [employer_name] contact
        [push] new-job pushes
        [market] market
        [course] course
        [score] score
        [comment] comment
        [confirm] confirmed
        [more] more to add
        [detail] item looked at
        [location] place shared
        [report_kind] report about
        [results] results seen
        [pick] number picked
        [slot] time slot
        [action] what to do
        [pick_market] market picked
        [credit] company credit code
        [post] publish
        [decide] decision
        [new_date] new date
        [pick_action] what to do
        [pick_applicant] applicant picked
        [pick_job] job picked
        [tags] rating words
        [improve] to improve
        [overall] overall satisfaction
        [wait] willing to wait
        [mode] class mode
        [when] class time
        [topic] topic of the visit
        [environment] satisfaction with the place
        [process] satisfaction with how it was done
        [result] satisfaction with the result
        [hardship] hardship
       *[other] other
    }: { $value ->
        [yes] yes
        [no] no
        [day] day
        [hour] hour
        [piece] piece
        [month] month
       *[other] { $value }
    }
## Complaint evidence: photos and voice kept for staff (staff read these)

evidence-kind = { $kind ->
        [voice] voice
       *[image] photo
    }
evidence-reason = { $reason ->
        [expired] WeChat says the file has expired or does not exist
        [too_large] the file is too large
        [bad_type] it is not a photo or a voice message
        [wechat_down] WeChat could not be reached for 3 days and has deleted it
        [no_credentials] the official account's AppID/AppSecret are not set, so it cannot be downloaded
        [erased] it was deleted under the retention rules
       *[refused] WeChat refused to hand it over
    }
evidence-link = [{ evidence-kind } { $n }]({ $url })
evidence-notice-no-links = { $photos } photo(s) and { $voices } voice message(s), being saved (PUBLIC_BASE_URL is not set, so no links)
evidence-notice-unfetchable = { $photos } photo(s) and { $voices } voice message(s), NOT saved: the official account's AppID/AppSecret are not set. WeChat deletes them after 3 days: contact the user
staff-ticket-evidence = { evidence-kind } { $n }: { $state ->
        [stored] { $link }
        [pending] being downloaded from WeChat, look again in a moment
        [nolink] saved (PUBLIC_BASE_URL is not set, so no link)
       *[failed] not saved: { evidence-reason }
    }
evidence-failed-line = { evidence-kind } { $n }: { evidence-reason }
staff-evidence-failed = **<font color="warning">Evidence not saved</font>** #{ $id }
    { $items }
    Please ask the user to send it again, or to bring the original to the market. To answer the user: "回复 { $id } text".
evidence-http-forbidden = This link is wrong or has expired. Send "查看" and the number to the official account for a new one.
evidence-http-pending = Still being downloaded from WeChat. Please open it again in a moment.
evidence-http-gone = This evidence was not kept: { evidence-reason }
## Privacy: the phone when applying, an employer's consent, deletion (注销)

reg-ask-show-phone =
    When you apply for a job, should the boss get your phone right away?
    1 Yes, when I apply
    2 No, only once the boss hires me
post-consent =
    Before you post: we keep your name, phone and your job posts, only so that workers can find and call you, and to handle complaints.
    Only workers see your phone. { $days } days after a job ends, its phone is removed; your name and phone stay until you delete them. To delete, reply "delete" (注销) at any time.
    1 Yes, go on
    2 No
post-consent-declined = OK. Without your agreement the job cannot be posted, and nothing you wrote was kept. To post later, reply "hire" (招工) to start again; you can also post at a gig market in person, or reply "human" (人工).
delete-confirm-jobs = Your { $count } open job posts will be closed, and nobody will find them any more.
delete-confirm-choices =
    1 Yes, delete
    2 No, keep them
delete-done-jobs = Your { $count } open job posts are closed.
delete-done-kept = These stay, and why:
delete-done-open-ticket = · Your complaint #{ $id } is not finished: it stays so staff can finish it, and their replies still come here. Your name, phone and ID numbers in it are hidden; the photos and your call-back phone are deleted. Once finished, only its kind and dates stay.
delete-done-complaints = · Complaints others made about your job posts ({ $open } open, { $closed } finished) stay for staff. { $open ->
        [0] {""}
       *[other] Until the open ones are finished, your employer name and phone stay too.
    }Finished complaints lose their content after { $days } days.
delete-done-ratings = · The { $count } scores you gave others still count in their averages, but nobody can tell they were yours; your comments are deleted.
delete-done-sent = · Messages already sent (to bosses, workers or the staff group) are on their phones; we cannot delete those.
delete-done-recent = · Replies sent to you in the last 5 minutes are kept up to 5 more minutes against duplicates, then cleared by themselves.
delete-done-again = You can register or post again at any time.
erasure-applicant-left = Someone who applied for your job #{ $id } deleted their account; the application is cancelled.
erasure-job-closed = The job #{ $id } you applied for is closed (the person who posted it deleted their account). Reply "find work" to see other jobs.

## Questions asked at a step, answered there (Dialog.answers_aside)
training-places = Where the classes are held (as staff will confirm):
training-place-line = { $n ->
        [0] {""}
       *[other] { $n }.{" "}
    }{ $name }: { $mode ->
        [live] online, live on your phone
        [on_demand] online, on your phone any time
       *[offline] { $area ->
            [none] { $place }
           *[other] { $area }, { $place }
        }
    }
training-costs = What each costs (as the course staff confirm when it starts):
training-cost-line = { $n }. { $name }: { $cost }
training-cost-one =
    This course costs: { $cost }
    Subsidy: { $subsidy }
markets-hours = Opening hours and addresses:
market-line-hours = { $n }. { $name }: { $hours }. Address: { $address }
markets-hours-how = Each market keeps its own hours. Tell me your district or county first, and I will send you the markets there with their hours.
markets-nearest-how = To find the one nearest you, send your location (tap "+", then "Location"), or tell me your district or county.
