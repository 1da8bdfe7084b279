<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>Appointments</name>
    <message>
        <location filename="../../ui/qml/modes/Appointments.qml" line="+11"/>
        <source>星期六办事预约</source>
        <translation>Saturday appointments</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请选择：预约、签到，或取消和改约。</source>
        <translation>Please choose: book, check in, or cancel or change a booking.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请选择要预约办理的事项。</source>
        <translation>Please choose the service to book.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>请选择星期六和时段。</source>
        <translation>Please choose a Saturday and a time.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请填写预约人的姓名和手机号码。</source>
        <translation>Please enter the name and mobile number for the appointment.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>预约成功，请收好预约单。</source>
        <translation>Your appointment is booked. Please keep the slip.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请扫描预约单上的二维码，或输入预约码和手机号码。</source>
        <translation>Please scan the QR code on your appointment slip, or enter the booking code and your mobile number.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请输入预约码和预约时填写的手机号码。</source>
        <translation>Please enter the booking code and the mobile number you booked with.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>这次没有签到成功，原因见下面的说明。</source>
        <translation>You are not checked in this time: see why below.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>预约已取消。</source>
        <translation>The booking is cancelled.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>每星期六（法定节假日除外）大厅照常办理业务，可提前预约时段，到时签到优先办理。</source>
        <translation>Every Saturday except public holidays the hall serves as usual. Book a time in advance, check in when you arrive, and you are served first.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>预约星期六办事</source>
        <translation>Book a Saturday appointment</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>预约签到</source>
        <translation>Check in for an appointment</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>取消或更改预约</source>
        <translation>Cancel or change a booking</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>可以在星期六办理的事项</source>
        <translation>Services available on Saturdays</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>现在没有可以预约的事项，请咨询工作人员。</source>
        <translation>No service can be booked now. Please ask a member of staff.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>预约事项：%1</source>
        <translation>Service: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>正在查询可预约的时段…</source>
        <translation>Finding the times still free…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 · 停止预约</source>
        <translation>%1 · closed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 · 已约满</source>
        <translation>%1 · fully booked</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 可预约的时段：</source>
        <translation>Times on %1:</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1-%2 已约满</source>
        <translation>%1-%2 fully booked</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1-%2 剩 %3 个</source>
        <translation>%1-%2, %3 left</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1  %2 %3</source>
        <translation>%1, %2 %3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>已读取身份证：当天可直接在读卡区放置身份证签到。</source>
        <translation>ID card read: on the day, place it on the reader to check in.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>可以在读卡区放置身份证，自动填写姓名，当天刷身份证即可签到。</source>
        <translation>You may place your ID card on the reader: it fills in your name, and on the day you check in with the card.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>预约人姓名</source>
        <translation>Your name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>手机号码（签到、取消和改约都要用到）</source>
        <translation>Mobile number (needed to check in, cancel or change)</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+83"/>
        <source>11位手机号码</source>
        <translation>11-digit mobile number</translation>
    </message>
    <message>
        <location line="-81"/>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>营业执照上的18位代码</source>
        <translation>The 18 characters on the business licence</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>正在预约…</source>
        <translation>Booking…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>确认预约</source>
        <translation>Book</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>预约成功</source>
        <translation>Booked</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+46"/>
        <source>预约码</source>
        <translation>Booking code</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>时间：%1 %2</source>
        <translation>Time: %1 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>事项：%1</source>
        <translation>Service: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>请在预约时段开始前%1分钟至开始后%2分钟内，到大厅自助终端扫描预约单上的二维码签到。</source>
        <translation>Check in at a terminal in the hall by scanning the QR code on the slip, from %1 minutes before to %2 minutes after your time starts.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>正在打印预约单…</source>
        <translation>Printing the appointment slip…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>再打印一张预约单</source>
        <translation>Print the slip again</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>也可以在读卡区放置预约时读取过的身份证签到。</source>
        <translation>Or place the ID card you booked with on the reader to check in.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>预约码（预约单上的8位字母和数字）</source>
        <translation>Booking code (8 letters and digits on the slip)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>预约时填写的手机号码</source>
        <translation>The mobile number you booked with</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>正在签到…</source>
        <translation>Checking in…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>签到</source>
        <translation>Check in</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>更改时间</source>
        <translation>Change the time</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>取消预约</source>
        <translation>Cancel the booking</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>预约 %1 已取消，名额已释放。</source>
        <translation>Booking %1 is cancelled; its place is free again.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>直接办理申报（普通排队）</source>
        <translation>Declare now (ordinary queue)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>回到首页</source>
        <translation>Back to home</translation>
    </message>
</context>
<context>
    <name>CardPrompt</name>
    <message>
        <location filename="../../ui/qml/components/CardPrompt.qml" line="+78"/>
        <source>演示：放置示例身份证</source>
        <translation>Demo: place the sample ID card</translation>
    </message>
</context>
<context>
    <name>Check</name>
    <message>
        <location filename="../../ui/qml/screens/Check.qml" line="+9"/>
        <source>请核对填写的内容，需要修改的点“修改”；确认无误后提交预审。</source>
        <translation>Check your answers. Tap “Change” to correct anything, then submit for pre-review.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>核对填写内容</source>
        <translation>Check your answers</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+27"/>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <location line="-6"/>
        <source>修改</source>
        <translation>Change</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>修改材料清单</source>
        <translation>Change the materials list</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>提交预审</source>
        <translation>Submit for pre-review</translation>
    </message>
</context>
<context>
    <name>DatePicker</name>
    <message>
        <location filename="../../ui/qml/components/DatePicker.qml" line="+18"/>
        <source>1月</source>
        <translation>Jan</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>2月</source>
        <translation>Feb</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>3月</source>
        <translation>Mar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>4月</source>
        <translation>Apr</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>5月</source>
        <translation>May</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>6月</source>
        <translation>Jun</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>7月</source>
        <translation>Jul</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>8月</source>
        <translation>Aug</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>9月</source>
        <translation>Sep</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>10月</source>
        <translation>Oct</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>11月</source>
        <translation>Nov</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>12月</source>
        <translation>Dec</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>%1年%2%3日</source>
        <translation>%3 %2 %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1年</source>
        <translation>%1</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>+%1年</source>
        <translation>Year +%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>−%1年</source>
        <translation>Year −%1</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>Diagnostics</name>
    <message>
        <location filename="../../ui/qml/modes/Diagnostics.qml" line="+31"/>
        <source>设备诊断</source>
        <translation>Diagnostics</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>立即上传</source>
        <translation>Send now</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>立即下载目录</source>
        <translation>Download the catalog now</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打印测试票</source>
        <translation>Print a test ticket</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>查询打印机状态</source>
        <translation>Query the printer&apos;s status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>读卡测试</source>
        <translation>Read a card</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>闪烁呼叫灯</source>
        <translation>Blink the call light</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>触摸测试</source>
        <translation>Touch test</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>查看日志</source>
        <translation>Show the log</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>查看死信</source>
        <translation>Show dead letters</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>重启终端程序</source>
        <translation>Restart the kiosk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>退出到系统（维护）</source>
        <translation>Exit to the system (maintenance)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>登记到中心</source>
        <translation>Enrol with the central server</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>输入中心服务器地址和登记码（在中心服务器或管理页面生成，24 小时内有效，仅可使用一次）。</source>
        <translation>Type the central server&apos;s address and the enrolment code (made on the central server or its dashboard; valid for 24 hours, once).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>https://中心服务器地址</source>
        <translation>https://central-server-address</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>登记码，如 K7QM-3XPA</source>
        <translation>Code, e.g. K7QM-3XPA</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>正在登记…</source>
        <translation>Enrolling…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>登记</source>
        <translation>Enrol</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>日志（已隐去个人信息）</source>
        <translation>Log (personal data hidden)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>死信（服务器拒收的事件）</source>
        <translation>Dead letters (events the server refused)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>收起</source>
        <translation>Hide</translation>
    </message>
</context>
<context>
    <name>Finish</name>
    <message>
        <location filename="../../ui/qml/screens/Finish.qml" line="+8"/>
        <source>感谢使用，几秒后自动回到首页。</source>
        <translation>Thank you. Going back to the home screen in a few seconds.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>感谢您的使用！</source>
        <translation>Thank you!</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请留意叫号，祝您办事顺利。</source>
        <translation>Please wait for your number to be called. Have a good day.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>回到首页</source>
        <translation>Back to home</translation>
    </message>
</context>
<context>
    <name>Form</name>
    <message>
        <location filename="../../ui/qml/screens/Form.qml" line="+12"/>
        <source>请逐项填写，带 * 的为必填项；填好后点“下一步”。</source>
        <translation>Fill in each item; items marked * are required. Tap “Next” when you are done.</translation>
    </message>
    <message>
        <location line="+126"/>
        <source>第 %1 页 / 共 %2 页</source>
        <translation>Page %1 of %2</translation>
    </message>
    <message>
        <location line="+377"/>
        <source>请修改以下内容</source>
        <translation>There is a problem</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>有 1 处需要修改</source>
        <translation>Correct 1 answer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>有 %1 处需要修改</source>
        <translation>Correct %1 answers</translation>
    </message>
    <message>
        <location line="-348"/>
        <location line="+16"/>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <location line="-14"/>
        <location line="+21"/>
        <location line="+95"/>
        <location line="+295"/>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <location line="-338"/>
        <source>读卡：放置身份证后自动填写</source>
        <translation>Card: filled in when you place your ID card</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>年-月-日，如 2026-11-26</source>
        <translation>Year-month-day, e.g. 2026-11-26</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>输入 %1</source>
        <translation>Type %1</translation>
    </message>
    <message>
        <location line="+111"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>省</source>
        <translation>Province</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>市</source>
        <translation>City</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>区县</source>
        <translation>District or county</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>详细地址（街道、门牌号）</source>
        <translation>Street address (street and number)</translation>
    </message>
    <message>
        <location line="-197"/>
        <location line="+295"/>
        <source>下一项</source>
        <translation>Next field</translation>
    </message>
    <message>
        <location line="-253"/>
        <source>选日期</source>
        <translation>Pick date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>选择%1</source>
        <translation>Pick the date: %1</translation>
    </message>
</context>
<context>
    <name>Home</name>
    <message>
        <location filename="../../ui/qml/screens/Home.qml" line="+7"/>
        <source>请点击“开始申报”，按提示一步一步填写。</source>
        <translation>Tap “Start declaration” and follow the steps.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>欢迎使用自助申报终端</source>
        <translation>Welcome to the self-service declaration kiosk</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>在这里网上申报，预审通过后取号，到窗口一次办结。</source>
        <translation>Declare online here. Once the pre-review passes, take a ticket and finish everything at the counter in one visit.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Welcome. Declare online here; take a ticket once the pre-review passes.</source>
        <translation>欢迎！如需中文界面，请点击右上角的“中文”。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>开始申报</source>
        <translation>Start declaration</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>办件进度查询</source>
        <translation>Progress of a declaration</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>星期六办事预约</source>
        <translation>Saturday appointments</translation>
    </message>
</context>
<context>
    <name>Intro</name>
    <message>
        <location filename="../../ui/qml/screens/Intro.qml" line="+9"/>
        <source>开始前请看清需要的材料（一次性告知）。</source>
        <translation>Before you start, check the materials you need (one-time notice).</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>承诺时限：%1&#x3000;收费：%2&#x3000;受理窗口：%3</source>
        <translation>Time limit: %1 · Fee: %2 · Where: %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>联办事项，一次申报同时办理：</source>
        <translation>Joint item: one declaration covers all of these: </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>（</source>
        <translation> (</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>）</source>
        <translation>)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>需要准备的材料</source>
        <translation>Materials you need</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&#x3000;</source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>必要材料</source>
        <translation>Essential material</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>可容缺受理：可先办理，%1 个工作日内补交</source>
        <translation>Can follow later: you can go ahead now and bring it within %1 working days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（视填写情况而定）</source>
        <translation> (only if your answers call for it)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>开始填写</source>
        <translation>Start filling in</translation>
    </message>
</context>
<context>
    <name>MailingCard</name>
    <message>
        <location filename="../../ui/qml/components/MailingCard.qml" line="+28"/>
        <source>领取证照的方式</source>
        <translation>How to get your certificate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>可以到窗口领取，也可以免费邮寄到家（邮费由政府承担）。</source>
        <translation>Collect it at the counter, or have it mailed to you free of charge (the hall pays the postage).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>到窗口领取</source>
        <translation>Collect at the counter</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>由网格长送证上门</source>
        <translation>Brought home by the grid leader</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>免费邮寄</source>
        <translation>Mail it free</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>收件人姓名</source>
        <translation>Recipient&apos;s name</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>收件人手机号码</source>
        <translation>Recipient&apos;s mobile number</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>所在地区（请依次选择省、市、区县）</source>
        <translation>Area (choose the province, then the city, then the district)</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+96"/>
        <source>选择省份</source>
        <translation>Choose the province</translation>
    </message>
    <message>
        <location line="-90"/>
        <location line="+91"/>
        <source>选择城市</source>
        <translation>Choose the city</translation>
    </message>
    <message>
        <location line="-85"/>
        <location line="+85"/>
        <source>选择区县</source>
        <translation>Choose the district</translation>
    </message>
    <message>
        <location line="-81"/>
        <source>详细地址（街道、小区、楼栋、门牌号）</source>
        <translation>Street address (street, estate, building, flat)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>邮政编码</source>
        <translation>Postal code</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>证照办好后由网格长 %1 送到家中。</source>
        <translation>When it is ready, grid leader %1 will bring the certificate to the resident&apos;s home.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>确认邮寄地址</source>
        <translation>Confirm the address</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>证照办好后将免费邮寄至：</source>
        <translation>When it is ready, the certificate will be mailed free to:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>修改地址</source>
        <translation>Change the address</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>返回</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../../ui/qml/Main.qml" line="+16"/>
        <source>自助申报终端</source>
        <translation>Self-service declaration kiosk</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>离线（待上传 %1）</source>
        <translation>Offline (%1 to send)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 号终端</source>
        <translation>Terminal %1</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>大字</source>
        <translation>Large text</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>朗读</source>
        <translation>Read aloud</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>第 %1 步 / 共 %2 步</source>
        <translation>Step %1 of %2</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>辅导员已收到，正在赶来（点此取消）</source>
        <translation>The attendant has seen your call and is on the way (tap to cancel)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>辅导员正在赶来（点此取消）</source>
        <translation>An attendant is on the way (tap to cancel)</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>呼叫辅导员</source>
        <translation>Call an attendant</translation>
    </message>
    <message>
        <location line="+159"/>
        <source>还需要更多时间吗？</source>
        <translation>Do you need more time?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 秒后将清除您填写的内容并回到首页。</source>
        <translation>In %1 seconds your answers will be cleared and the kiosk will go back to the home screen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>继续办理</source>
        <translation>Yes, continue</translation>
    </message>
    <message>
        <location line="-92"/>
        <source>辅导员正在赶来，请稍候</source>
        <translation>An attendant is on the way. Please wait.</translation>
    </message>
    <message>
        <location line="-50"/>
        <source>网格长代办中：%1</source>
        <translation>Grid leader applying for a resident: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>辅导员协助中：%1</source>
        <translation>Attendant assisting: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>跳转页面</source>
        <translation>Go to a page</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>材料清单</source>
        <translation>Materials list</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>打印告知单</source>
        <translation>Print the notice</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>工作人员菜单</source>
        <translation>Staff menu</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>结束协助</source>
        <translation>End assistance</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>结束代办</source>
        <translation>End the proxy application</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>跳转到页面</source>
        <translation>Go to page</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>取消呼叫吗？</source>
        <translation>Cancel the call?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>辅导员正在赶来。</source>
        <translation>An attendant is on the way.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>继续等待</source>
        <translation>Keep waiting</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>取消呼叫</source>
        <translation>Cancel the call</translation>
    </message>
</context>
<context>
    <name>Materials</name>
    <message>
        <location filename="../../ui/qml/screens/Materials.qml" line="+9"/>
        <source>请逐项确认材料是否已带；标“可容缺”的材料可以先办理、后补交。</source>
        <translation>Say for each material whether you have it with you. Those marked “Can follow later” can be brought later.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>材料清单</source>
        <translation>Materials list</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&#x3000;</source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>必要材料</source>
        <translation>Essential material</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>可容缺：%1 个工作日内补交</source>
        <translation>Can follow later: bring it within %1 working days</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>已带</source>
        <translation>I have it</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>未带</source>
        <translation>Not with me</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
</context>
<context>
    <name>OutOfService</name>
    <message>
        <location filename="../../ui/qml/modes/OutOfService.qml" line="+8"/>
        <source>本终端暂停服务。</source>
        <translation>This terminal is out of service.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>暂停服务</source>
        <translation>Out of service</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../ui/qml/modes/PinPad.qml" line="+20"/>
        <source>工作人员登录</source>
        <translation>Staff sign-in</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>退格</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>Progress</name>
    <message>
        <location filename="../../ui/qml/modes/Progress.qml" line="+10"/>
        <source>这是您的办件进度。</source>
        <translation>This is where your declaration is.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请扫描号票上的二维码，或输入受理编号和手机号码后四位。</source>
        <translation>Scan the QR code on your ticket, or type the reference and the last four digits of your mobile number.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办件进度查询</source>
        <translation>Progress of a declaration</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>已提交（预审通过）</source>
        <translation>Submitted (pre-review passed)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已受理</source>
        <translation>Received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办理中</source>
        <translation>Being processed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已办结</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已退件</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>受理编号（号票上的编号，如 20261126-07-0012）</source>
        <translation>Reference (as printed on the ticket, e.g. 20261126-07-0012)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>受理编号</source>
        <translation>Reference</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>申报时所填手机号码的后四位</source>
        <translation>The last four digits of the mobile number given in the declaration</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>后四位</source>
        <translation>Last four</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>也可以在读卡区放置身份证，查看本人的申报。</source>
        <translation>Or place your ID card on the reader to see your own declarations.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>正在查询…</source>
        <translation>Looking up…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>查询</source>
        <translation>Look up</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>这张身份证有 %1 件申报，请选择要查看的一件：</source>
        <translation>This ID card has %1 declarations: choose the one to see:</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>受理编号：%1</source>
        <translation>Reference: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>号票：%1</source>
        <translation>Ticket: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>当前状态：%1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>这是本终端记录的情况：办件系统暂时查不到最新进度，仅供参考。</source>
        <translation>This is what this terminal recorded: the latest progress could not be had from the service system, so it may be out of date.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>退件原因：%1</source>
        <translation>Why it was returned: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>办理记录</source>
        <translation>History</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>尚需补交的材料（容缺受理）</source>
        <translation>Materials still to bring (accepted with materials to follow)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1：请于 %2 前补交</source>
        <translation>%1: bring it by %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>证照已寄出：%1 运单号 %2</source>
        <translation>The certificate has been mailed: %1, tracking number %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>证照办好后由网格长送证上门</source>
        <translation>When it is ready, the grid leader brings the certificate home</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>证照办好后将免费邮寄至 %1</source>
        <translation>When it is ready, the certificate will be mailed free to %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>查询时间：%1</source>
        <translation>Checked at %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>再查一件</source>
        <translation>Look up another</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>回到首页</source>
        <translation>Back to home</translation>
    </message>
</context>
<context>
    <name>RatingPanel</name>
    <message>
        <location filename="../../ui/qml/components/RatingPanel.qml" line="+13"/>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>办事效率</source>
        <translation>Speed of service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>服务态度</source>
        <translation>Staff attitude</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>指南准确</source>
        <translation>Accuracy of the guide</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>操作便捷</source>
        <translation>Ease of use</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>请您评价本次服务（可跳过）</source>
        <translation>Please rate this service (you may skip)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>哪些方面需要改进？（可多选）</source>
        <translation>What should be better? (choose any)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>您的意见或建议（选填）</source>
        <translation>Your comments (optional)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>正在提交…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>提交评价</source>
        <translation>Send the rating</translation>
    </message>
</context>
<context>
    <name>Result</name>
    <message>
        <location filename="../../ui/qml/screens/Result.qml" line="+10"/>
        <source>预审未通过：请按下面的说明修改，或呼叫辅导员帮忙。</source>
        <translation>Pre-review not passed: fix the items below, or call an attendant for help.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>可以先办理：请阅读承诺书并签名确认，然后取号。</source>
        <translation>You can go ahead now: read the commitment, sign it, then take a ticket.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>预审通过，请取号。</source>
        <translation>Pre-review passed. Please take a ticket.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>申报编号：%1</source>
        <translation>Reference number: %1</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>怎么改：</source>
        <translation>How to fix: </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>现在修改</source>
        <translation>Fix now</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>请于 %1 前补交（%2 个工作日内）</source>
        <translation>Hand it in by %1 (within %2 working days)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>容缺受理承诺书</source>
        <translation>Commitment to bring the missing materials</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>再打印一份委托代办授权书</source>
        <translation>Print the authorisation again</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>重新开始</source>
        <translation>Start over</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>打印一次性告知单</source>
        <translation>Print the one-time notice</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>辅导员正在赶来</source>
        <translation>An attendant is on the way</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>请辅导员帮忙</source>
        <translation>Ask an attendant for help</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>取号</source>
        <translation>Take a ticket</translation>
    </message>
    <message>
        <location line="-130"/>
        <source>接下来</source>
        <translation>What happens next</translation>
    </message>
    <message>
        <location line="+149"/>
        <source>重新开始吗？</source>
        <translation>Start over?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>您填写的内容将全部清除，需要从头办理。</source>
        <translation>Everything you have filled in will be cleared, and you will start again from the beginning.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>继续办理</source>
        <translation>Carry on</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>清除并重新开始</source>
        <translation>Clear and start over</translation>
    </message>
    <message>
        <location line="-108"/>
        <source>重签</source>
        <translation>Sign again</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>已签名确认</source>
        <translation>Signed</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>确认承诺</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>把要修改的内容打印出来，带回去对照准备。</source>
        <translation>Print what needs fixing, to take home and prepare.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>需要纸质的申报信息确认单，可以打印一份。</source>
        <translation>If you would like the confirmation of your declaration on paper, print one.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>签好的承诺书会打印出来，请带走保存。</source>
        <translation>Your signed commitment is printed: take it with you and keep it.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>打印申报信息确认单</source>
        <translation>Print the confirmation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>再打印一份承诺书</source>
        <translation>Print the commitment again</translation>
    </message>
</context>
<context>
    <name>ScrollCue</name>
    <message>
        <location filename="../../ui/qml/components/ScrollCue.qml" line="+23"/>
        <source>▼ 下面还有内容，请向上滑动查看</source>
        <translation>▼ There is more below: swipe up to see it</translation>
    </message>
</context>
<context>
    <name>Services</name>
    <message>
        <location filename="../../ui/qml/screens/Services.qml" line="+9"/>
        <source>选择要办理的事项；可按类别查看，或输入名称、拼音、首字母搜索。</source>
        <translation>Choose a service. Browse by category, or search by name, pinyin or initials.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>搜索：名称、拼音或首字母，如 lnz</source>
        <translation>Search: name, pinyin or initials, e.g. lnz</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>没有找到相关事项，请换个说法，或呼叫辅导员。</source>
        <translation>No matching services. Try other words, or call an attendant.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>正在准备事项列表，请稍候…</source>
        <translation>Preparing the list of services, one moment…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>返回</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../ui/qml/components/SignaturePad.qml" line="+42"/>
        <source>请在此处用手指签名</source>
        <translation>Sign here with your finger</translation>
    </message>
</context>
<context>
    <name>Staff</name>
    <message>
        <location filename="../../ui/qml/modes/Staff.qml" line="+9"/>
        <source>工作人员：%1（%2）</source>
        <translation>Staff: %1 (%2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>工作人员登录</source>
        <translation>Staff sign-in</translation>
    </message>
</context>
<context>
    <name>StaffHome</name>
    <message>
        <location filename="../../ui/qml/modes/StaffHome.qml" line="+29"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>呼叫辅导员</source>
        <translation>Call an attendant</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>本终端当前没有呼叫。</source>
        <translation>No calls at this terminal.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>位置：%1</source>
        <translation>Where: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>事项：%1</source>
        <translation>Service: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>页面：%1</source>
        <translation>Page: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>填写有误：%1</source>
        <translation>In error: %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>重新打印</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>确认收到</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>已解决</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>您的角色在本终端暂无可用操作。</source>
        <translation>Your role has no actions at this terminal yet.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>协助办理（帮办）</source>
        <translation>Assist the applicant</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>代办申报（网格化零跑代办）</source>
        <translation>Apply for a resident (grid leader)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>暂停服务</source>
        <translation>Out of service</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>恢复服务</source>
        <translation>Back in service</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>设备诊断</source>
        <translation>Diagnostics</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>退出登录</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>退出登录，返回申报</source>
        <translation>Sign out, back to the applicant</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>暂停服务的原因</source>
        <translation>Why is it out of service?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>正在办理的申请人信息将被清除。</source>
        <translation>What the current applicant entered will be cleared.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Ticket</name>
    <message>
        <location filename="../../ui/qml/screens/Ticket.qml" line="+10"/>
        <source>请取走您的号票，到窗口等候叫号。</source>
        <translation>Take your ticket and wait for your number to be called at the counter.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>正在打印号票，请稍候取票。</source>
        <translation>Printing your ticket, please wait.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>您的号码</source>
        <translation>Your number</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>请到 %1办理</source>
        <translation>Please go to %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>前面等候：%1</source>
        <translation>People ahead of you: %1</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>重新打印</source>
        <translation>Print again</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>我已取票，完成</source>
        <translation>I have my ticket. Finish</translation>
    </message>
</context>
<context>
    <name>TouchTest</name>
    <message>
        <location filename="../../ui/qml/modes/TouchTest.qml" line="+92"/>
        <source>触摸测试：请用手指画线，并点触四个角</source>
        <translation>Touch test: draw with a finger and touch the four corners</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>已触到 %1/4 个角；屏幕 %2×%3</source>
        <translation>%1 of 4 corners touched; screen %2×%3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
</context>
</TS>
