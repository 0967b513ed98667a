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
dialog-ways-back = (Reply "back" for the last step, "cancel" to stop, "human" for staff)
dialog-gave-up =
    That did not work out. No problem.
    Reply "human" and staff will help you, or "menu" to start again.
dialog-back-at-start = This is already the first step.
dialog-expired = Your last request waited too long and was closed. You can start it again.
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
pick-a-number = Please reply with a number from 1 to { $max }.
cancelled = OK, cancelled.
nothing-to-cancel = OK. Nothing is open right now.
nothing-to-go-back = There is no question to go back to.
handed-to-staff =
    Staff have been told. They will answer you here; please watch for their message.
    If it is urgent, go to a gig market near you.
no-more = There is nothing more.
more-hint = (More to read: reply "more")
plain = { $text }
language-switched = OK, I will speak English from now on. Send 中文 to switch back.
system-busy = Sorry, the system is busy. Please send that again in a moment.

## What each service can do today

find-work-for-now =
    Finding work online opens soon.
    For now, visit a gig market: jobs are posted there, and it is free.
post-job-for-now =
    Posting jobs online opens soon.
    For now, register your job at a gig market, for free; or reply "human" and staff will help.
training-for-now =
    Course sign-up opens here soon.
    Ask at a gig market about the skill you want to learn, or reply "human".
policy-for-now =
    All services of the gig markets are free.
    For social insurance, injury cover or subsidies, call 12333 (the human-resources hotline),
    or reply "human" and staff will look it up for you.
rating-for-now = After a job is done you can rate the other side here. You have nothing to rate now.

## Finding a market or station

markets-ask-area = Which district or county are you in? Reply with a number:
markets-or-location = Or send your location (tap "+", then "Location").
numbered = { $n }. { $text }
markets-found = Found { $count ->
        [one] one gig market or station
       *[other] { $count } gig markets or stations
    }:
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
area-not-found = I could not find that place. Reply with a number, or say the district, like "丰泽".

## Complaints and messages to staff

complaint-ask-what = Please tell me what happened: which employer or job, when, and what went wrong.
complaint-too-short = That is too short. Please tell me a little more.
complaint-ask-phone = Leave a mobile number and staff will call you. Reply "skip" if you prefer not to.
phone-invalid = That number does not look right. Enter an 11-digit mobile number, or reply "skip".
complaint-sent =
    Received. Staff have it now.
    { $called_back ->
        [yes] They will call you, and answer you here too.
       *[no] They will answer you here; please watch for their message.
    }

## Notices for the staff group (WeCom markdown)

staff-human = **A user asks for a person** #{ $id }
    User: { $user }
    Doing: { $context }
    Time: { $time }
    Please answer this user from the account's customer-service console.
staff-complaint = **<font color="warning">New complaint</font>** #{ $id }
    User: { $user }
    Call back: { $phone }
    Time: { $time }
    What happened:
    { $text }
