"""What volunteer translators typed into wagtail-localize's editor for the demo town, by the English
it translates: the home page, the About page, and one page of each public type (the Handsworth place,
its village hall, the allotments blog, one of its posts and the Handsworth surgery), and the centre
facilities. ``home.demo.build_translations`` feeds them in as the editor does.

Names of streets, parks and buildings stay in their English spelling where residents would look for
them on a sign; everything else is translated.
"""

URDU_WORDS = {
    # The home page
    "Patchwork Birmingham": "پیچ ورک برمنگھم",
    "News from the neighbourhoods of Birmingham and the Black Country, written by the people who "
    "live there, and free help to get your group online.": (
        "برمنگھم اور بلیک کنٹری کے محلوں کی خبریں، وہاں رہنے والوں کی زبانی، "
        "اور اپنے گروپ کو آن لائن لانے کے لیے مفت مدد۔"
    ),
    "Local news, community centres and free social media surgeries in Birmingham.": (
        "برمنگھم میں مقامی خبریں، کمیونٹی سینٹرز اور مفت سوشل میڈیا سرجریاں۔"
    ),
    # About
    "About": "ہمارے بارے میں",
    "Patchwork is run by volunteers who help local people and groups publish online.": (
        "پیچ ورک رضاکار چلاتے ہیں جو مقامی لوگوں اور گروپوں کو آن لائن لکھنے میں مدد دیتے ہیں۔"
    ),
    "Patchwork started in a Kingstanding library in 2024, when three volunteers offered to help "
    "anyone who wanted to get their group online. Two years later we run free social media "
    "surgeries across Birmingham every month.": (
        "پیچ ورک 2024 میں کنگز اسٹینڈنگ کی ایک لائبریری میں شروع ہوا، جب تین رضاکاروں نے ہر اس شخص "
        "کی مدد کی پیشکش کی جو اپنے گروپ کو آن لائن لانا چاہتا تھا۔ دو سال بعد ہم ہر مہینے پورے "
        "برمنگھم میں مفت سوشل میڈیا سرجریاں کرتے ہیں۔"
    ),
    "A surgery is an informal drop-in. You bring your laptop or phone and your questions; a "
    "volunteer sits with you and helps you start a newsletter, a blog or a Facebook page for your "
    "Neighbourhood Watch, tenants' association, club or charity.": (
        "سرجری ایک غیر رسمی ملاقات ہے۔ آپ اپنا لیپ ٹاپ یا فون اور اپنے سوال لے آئیں؛ ایک رضاکار آپ "
        "کے ساتھ بیٹھ کر محلے کی نگرانی کے گروپ، کرایہ داروں کی انجمن، کلب یا خیراتی ادارے کے لیے "
        "نیوز لیٹر، بلاگ یا فیس بک پیج شروع کرنے میں مدد کرتا ہے۔"
    ),
    "Who we help": "ہم کس کی مدد کرتے ہیں",
    "Anyone doing something useful for their neighbourhood. You do not need to be confident with "
    "computers: most of the people we help have never written for the web.": (
        "ہر وہ شخص جو اپنے محلے کے لیے کچھ مفید کر رہا ہو۔ کمپیوٹر میں مہارت ضروری نہیں: جن لوگوں "
        "کی ہم مدد کرتے ہیں ان میں سے زیادہ تر نے پہلے کبھی ویب کے لیے نہیں لکھا۔"
    ),
    "I came in wanting to email forty neighbours. I left with a newsletter.": (
        "میں چالیس پڑوسیوں کو ای میل بھیجنا چاہتی تھی۔ واپس گئی تو میرے پاس ایک نیوز لیٹر تھا۔"
    ),
    "Maureen, Kingstanding Neighbourhood Watch": "مورین، کنگز اسٹینڈنگ نیبرہُڈ واچ",
    # The Handsworth place
    "Handsworth": "ہینڈز ورتھ",
    "Multilingual neighbourhood with allotment societies, faith groups and a tenants' association.": (
        "کئی زبانیں بولنے والا محلہ، جہاں الاٹمنٹ سوسائٹیاں، مذہبی گروپ اور کرایہ داروں کی انجمن ہیں۔"
    ),
    # Handsworth Village Hall
    "Handsworth Village Hall": "ہینڈز ورتھ ولیج ہال",
    "A Victorian village hall in Handsworth with a garden and a hall to hire.": (
        "ہینڈز ورتھ میں وکٹورین دور کا ولیج ہال، جس کے ساتھ باغ ہے اور ہال کرائے پر ملتا ہے۔"
    ),
    "A Victorian hall by the park, home to allotment societies, faith groups and the Saturday "
    "supplementary school.": (
        "پارک کے کنارے وکٹورین دور کا ہال، جہاں الاٹمنٹ سوسائٹیاں، مذہبی گروپ اور ہفتے کا "
        "ضمنی اسکول اکٹھے ہوتے ہیں۔"
    ),
    "Three steps at the front door; a ramp at the side entrance on request.": (
        "سامنے کے دروازے پر تین سیڑھیاں ہیں؛ کہنے پر ساتھ والے دروازے پر ریمپ لگا دیا جاتا ہے۔"
    ),
    # ... its week, its room and its day off
    "Early May bank holiday: community fun day": "مئی کے شروع کی بینک ہالیڈے: کمیونٹی تفریحی دن",
    "Allotment society committee": "الاٹمنٹ سوسائٹی کی کمیٹی",
    "Handsworth Allotment Society": "ہینڈز ورتھ الاٹمنٹ سوسائٹی",
    "Second Monday of the month": "ہر مہینے کا دوسرا پیر",
    "Knit and natter": "بُنائی اور گپ شپ",
    "Hall volunteers": "ہال کے رضاکار",
    "Saturday supplementary school": "ہفتے کا ضمنی اسکول",
    "Handsworth Learning Trust": "ہینڈز ورتھ لرننگ ٹرسٹ",
    "Maths and English for ages 7 to 14": "7 سے 14 سال کے بچوں کے لیے ریاضی اور انگریزی",
    "Punjabi classes for children": "بچوں کے لیے پنجابی کی کلاسیں",
    "Handsworth Sikh Community Group": "ہینڈز ورتھ سکھ کمیونٹی گروپ",
    "Main hall": "مرکزی ہال",
    "High ceilings, a piano and doors onto the garden.": (
        "اونچی چھتیں، ایک پیانو اور باغ میں کھلنے والے دروازے۔"
    ),
    # The allotments blog and one of its posts
    "Handsworth Park Allotments blog": "ہینڈز ورتھ پارک الاٹمنٹس بلاگ",
    "News from the community allotments in Handsworth Park.": "ہینڈز ورتھ پارک کی کمیونٹی الاٹمنٹس کی خبریں۔",
    "News from the community plots behind Handsworth Park: what is growing, when we meet, and how "
    "to get a plot.": (
        "ہینڈز ورتھ پارک کے پیچھے کمیونٹی کیاریوں کی خبریں: کیا اگ رہا ہے، ہم کب ملتے ہیں، "
        "اور کیاری کیسے ملتی ہے۔"
    ),
    "When there is news": "جب کوئی خبر ہو",
    "Seed swap on Saturday": "ہفتے کو بیجوں کا تبادلہ",
    "Bring seeds you saved, take seeds you need. Tea and cake in the shed.": (
        "اپنے بچائے ہوئے بیج لائیں، جن بیجوں کی ضرورت ہو لے جائیں۔ شیڈ میں چائے اور کیک۔"
    ),
    "Our seed swap is back. You do not need to bring anything to take something: there are always "
    "more tomato seeds than people to grow them.": (
        "بیجوں کا تبادلہ پھر سے ہو رہا ہے۔ کچھ لے جانے کے لیے کچھ لانا ضروری نہیں: ٹماٹر کے بیج "
        "ہمیشہ اگانے والوں سے زیادہ ہوتے ہیں۔"
    ),
    "Seed swap": "بیجوں کا تبادلہ",
    "The big shed, Handsworth Park allotments (gate on Grove Lane)": (
        "بڑا شیڈ، ہینڈز ورتھ پارک الاٹمنٹس (گیٹ Grove Lane پر)"
    ),
    "Free. Bring seeds in labelled envelopes if you have them.": (
        "مفت۔ اگر آپ کے پاس بیج ہوں تو انہیں نام لکھے لفافوں میں لائیں۔"
    ),
    # The Handsworth surgery
    "Handsworth surgery for tenants' and residents' groups": (
        "کرایہ داروں اور رہائشیوں کے گروپوں کے لیے ہینڈز ورتھ سرجری"
    ),
    "A free social media surgery in Handsworth.": "ہینڈز ورتھ میں مفت سوشل میڈیا سرجری۔",
    "A relaxed drop-in where volunteers sit with you and help you get your group online: a blog, a "
    "newsletter, a Facebook page, or just feeling safer on the internet.": (
        "ایک بے تکلف ملاقات جہاں رضاکار آپ کے ساتھ بیٹھ کر آپ کے گروپ کو آن لائن لانے میں مدد "
        "کرتے ہیں: بلاگ، نیوز لیٹر، فیس بک پیج، یا بس انٹرنیٹ پر زیادہ محفوظ محسوس کرنا۔"
    ),
    "Come for ten minutes or the whole session. Tea and biscuits provided.": (
        "دس منٹ کے لیے آئیں یا پورے وقت کے لیے۔ چائے اور بسکٹ ہماری طرف سے۔"
    ),
    "Your phone, tablet or laptop if you have one, and the passwords for your accounts.": (
        "اگر ہو تو اپنا فون، ٹیبلٹ یا لیپ ٹاپ، اور اپنے اکاؤنٹس کے پاس ورڈ۔"
    ),
    "Step-free entrance and an accessible toilet. Hearing loop at the front desk.": (
        "بغیر سیڑھیوں کا داخلہ اور وہیل چیئر کے قابل ٹوائلٹ۔ استقبالیہ پر ہیئرنگ لوپ۔"
    ),
    # Facilities
    "Free Wi-Fi": "مفت وائی فائی",
    "Ask at reception for the password.": "پاس ورڈ استقبالیہ سے پوچھیں۔",
    "Kitchen": "باورچی خانہ",
    "Fridge, oven, urn and crockery for 80.": "فریج، اوون، چائے کا بڑا برتن اور 80 لوگوں کے لیے برتن۔",
    "Projector and screen": "پروجیکٹر اور اسکرین",
    "HDMI lead provided.": "HDMI تار موجود ہے۔",
    "Baby changing": "بچوں کے کپڑے بدلنے کی جگہ",
    "Garden": "باغ",
    "Raised beds and benches, open in daylight hours.": "اونچی کیاریاں اور بینچ، دن کی روشنی میں کھلا۔",
    "Tables and chairs": "میزیں اور کرسیاں",
    "Stage and PA system": "اسٹیج اور ساؤنڈ سسٹم",
}

ARABIC_WORDS = {
    # The home page
    "Patchwork Birmingham": "باتشوورك برمنغهام",
    "News from the neighbourhoods of Birmingham and the Black Country, written by the people who "
    "live there, and free help to get your group online.": (
        "أخبار أحياء برمنغهام والبلاك كانتري، يكتبها سكانها، ومساعدة مجانية لنقل مجموعتك إلى الإنترنت."
    ),
    "Local news, community centres and free social media surgeries in Birmingham.": (
        "أخبار محلية ومراكز مجتمعية وجلسات مجانية للمساعدة في وسائل التواصل الاجتماعي في برمنغهام."
    ),
    # About
    "About": "من نحن",
    "Patchwork is run by volunteers who help local people and groups publish online.": (
        "يدير باتشوورك متطوعون يساعدون السكان والمجموعات المحلية على النشر على الإنترنت."
    ),
    "Patchwork started in a Kingstanding library in 2024, when three volunteers offered to help "
    "anyone who wanted to get their group online. Two years later we run free social media "
    "surgeries across Birmingham every month.": (
        "بدأ باتشوورك في مكتبة في كينغستاندينغ عام 2024، حين عرض ثلاثة متطوعين مساعدة كل من أراد "
        "نقل مجموعته إلى الإنترنت. وبعد عامين ننظّم كل شهر جلسات مجانية للمساعدة في وسائل التواصل "
        "الاجتماعي في أنحاء برمنغهام."
    ),
    "A surgery is an informal drop-in. You bring your laptop or phone and your questions; a "
    "volunteer sits with you and helps you start a newsletter, a blog or a Facebook page for your "
    "Neighbourhood Watch, tenants' association, club or charity.": (
        "الجلسة لقاء غير رسمي بلا موعد. تُحضر حاسوبك المحمول أو هاتفك وأسئلتك، فيجلس معك متطوع "
        "ويساعدك على بدء نشرة إخبارية أو مدونة أو صفحة على فيسبوك لمجموعة مراقبة الحي أو رابطة "
        "المستأجرين أو النادي أو الجمعية الخيرية."
    ),
    "Who we help": "من نساعد",
    "Anyone doing something useful for their neighbourhood. You do not need to be confident with "
    "computers: most of the people we help have never written for the web.": (
        "كل من يقدّم شيئًا نافعًا لحيّه. لا يلزمك أن تُتقن استخدام الحاسوب: فمعظم من نساعدهم "
        "لم يكتبوا للإنترنت من قبل."
    ),
    "I came in wanting to email forty neighbours. I left with a newsletter.": (
        "جئتُ أريد أن أراسل أربعين جارًا بالبريد الإلكتروني، وخرجتُ بنشرة إخبارية."
    ),
    "Maureen, Kingstanding Neighbourhood Watch": "مورين، مجموعة مراقبة الحي في كينغستاندينغ",
    # The Handsworth place
    "Handsworth": "هاندسورث",
    "Multilingual neighbourhood with allotment societies, faith groups and a tenants' association.": (
        "حيّ متعدد اللغات فيه جمعيات للأراضي الزراعية المجتمعية ومجموعات دينية ورابطة للمستأجرين."
    ),
    # Handsworth Village Hall
    "Handsworth Village Hall": "قاعة قرية هاندسورث",
    "A Victorian village hall in Handsworth with a garden and a hall to hire.": (
        "قاعة قرية من العصر الفيكتوري في هاندسورث، لها حديقة وفيها قاعة للإيجار."
    ),
    "A Victorian hall by the park, home to allotment societies, faith groups and the Saturday "
    "supplementary school.": (
        "قاعة فيكتورية بجوار المتنزه، تجتمع فيها جمعيات الأراضي الزراعية والمجموعات الدينية "
        "ومدرسة السبت التكميلية."
    ),
    "Three steps at the front door; a ramp at the side entrance on request.": (
        "ثلاث درجات عند الباب الأمامي، ومنحدر عند المدخل الجانبي عند الطلب."
    ),
    # ... its week, its room and its day off
    "Early May bank holiday: community fun day": "عطلة بداية مايو الرسمية: يوم ترفيهي للحي",
    "Allotment society committee": "لجنة جمعية الأراضي الزراعية",
    "Handsworth Allotment Society": "جمعية الأراضي الزراعية في هاندسورث",
    "Second Monday of the month": "الاثنين الثاني من كل شهر",
    "Knit and natter": "حياكة ودردشة",
    "Hall volunteers": "متطوعو القاعة",
    "Saturday supplementary school": "مدرسة السبت التكميلية",
    "Handsworth Learning Trust": "مؤسسة هاندسورث التعليمية",
    "Maths and English for ages 7 to 14": "الرياضيات والإنجليزية للأعمار من 7 إلى 14 سنة",
    "Punjabi classes for children": "دروس اللغة البنجابية للأطفال",
    "Handsworth Sikh Community Group": "مجموعة الجالية السيخية في هاندسورث",
    "Main hall": "القاعة الرئيسية",
    "High ceilings, a piano and doors onto the garden.": "أسقف عالية وبيانو وأبواب تفتح على الحديقة.",
    # The allotments blog and one of its posts
    "Handsworth Park Allotments blog": "مدونة الأراضي الزراعية في متنزه هاندسورث",
    "News from the community allotments in Handsworth Park.": (
        "أخبار الأراضي الزراعية المجتمعية في متنزه هاندسورث."
    ),
    "News from the community plots behind Handsworth Park: what is growing, when we meet, and how "
    "to get a plot.": (
        "أخبار القطع الزراعية المجتمعية خلف متنزه هاندسورث: ماذا ينمو، ومتى نلتقي، وكيف تحصل على قطعة."
    ),
    "When there is news": "عندما تكون هناك أخبار",
    "Seed swap on Saturday": "تبادل البذور يوم السبت",
    "Bring seeds you saved, take seeds you need. Tea and cake in the shed.": (
        "أحضِر البذور التي ادّخرتها، وخذ البذور التي تحتاجها. الشاي والكعك في الكوخ."
    ),
    "Our seed swap is back. You do not need to bring anything to take something: there are always "
    "more tomato seeds than people to grow them.": (
        "عاد تبادل البذور. لا يلزمك أن تُحضر شيئًا لتأخذ شيئًا: فبذور الطماطم أكثر دائمًا ممن يزرعونها."
    ),
    "Seed swap": "تبادل البذور",
    "The big shed, Handsworth Park allotments (gate on Grove Lane)": (
        "الكوخ الكبير، الأراضي الزراعية في متنزه هاندسورث (البوابة في Grove Lane)"
    ),
    "Free. Bring seeds in labelled envelopes if you have them.": (
        "مجانًا. أحضِر البذور في أظرف مكتوب عليها اسمها إن كانت لديك."
    ),
    # The Handsworth surgery
    "Handsworth surgery for tenants' and residents' groups": "جلسة هاندسورث لمجموعات المستأجرين والسكان",
    "A free social media surgery in Handsworth.": (
        "جلسة مجانية للمساعدة في وسائل التواصل الاجتماعي في هاندسورث."
    ),
    "A relaxed drop-in where volunteers sit with you and help you get your group online: a blog, a "
    "newsletter, a Facebook page, or just feeling safer on the internet.": (
        "لقاء هادئ بلا موعد يجلس فيه المتطوعون معك ويساعدونك على نقل مجموعتك إلى الإنترنت: مدونة "
        "أو نشرة إخبارية أو صفحة على فيسبوك، أو مجرد شعور أكبر بالأمان على الإنترنت."
    ),
    "Come for ten minutes or the whole session. Tea and biscuits provided.": (
        "تعال لعشر دقائق أو للجلسة كلها. الشاي والبسكويت علينا."
    ),
    "Your phone, tablet or laptop if you have one, and the passwords for your accounts.": (
        "هاتفك أو جهازك اللوحي أو حاسوبك المحمول إن كان لديك، وكلمات المرور لحساباتك."
    ),
    "Step-free entrance and an accessible toilet. Hearing loop at the front desk.": (
        "مدخل بلا درجات ودورة مياه مهيّأة للكراسي المتحركة. حلقة سمعية عند مكتب الاستقبال."
    ),
    # Facilities
    "Free Wi-Fi": "واي فاي مجاني",
    "Ask at reception for the password.": "اطلب كلمة المرور من الاستقبال.",
    "Kitchen": "مطبخ",
    "Fridge, oven, urn and crockery for 80.": "ثلاجة وفرن وغلاية كبيرة وأوانٍ تكفي 80 شخصًا.",
    "Projector and screen": "جهاز عرض وشاشة",
    "HDMI lead provided.": "كابل HDMI متوفر.",
    "Baby changing": "مكان لتغيير حفاضات الأطفال",
    "Garden": "حديقة",
    "Raised beds and benches, open in daylight hours.": "أحواض زراعة مرتفعة ومقاعد، مفتوحة في ساعات النهار.",
    "Tables and chairs": "طاولات وكراسٍ",
    "Stage and PA system": "مسرح ونظام صوت",
}

POLISH_WORDS = {
    # The home page ("Patchwork Birmingham" is the organisation's name in every language)
    "Patchwork Birmingham": "Patchwork Birmingham",
    "News from the neighbourhoods of Birmingham and the Black Country, written by the people who "
    "live there, and free help to get your group online.": (
        "Wiadomości z dzielnic Birmingham i Black Country, pisane przez ich mieszkańców, "
        "oraz bezpłatna pomoc w wejściu Twojej grupy do internetu."
    ),
    "Local news, community centres and free social media surgeries in Birmingham.": (
        "Lokalne wiadomości, domy sąsiedzkie i bezpłatne dyżury pomocy z mediami społecznościowymi "
        "w Birmingham."
    ),
    # About
    "About": "O nas",
    "Patchwork is run by volunteers who help local people and groups publish online.": (
        "Patchwork prowadzą wolontariusze, którzy pomagają mieszkańcom i lokalnym grupom "
        "publikować w internecie."
    ),
    "Patchwork started in a Kingstanding library in 2024, when three volunteers offered to help "
    "anyone who wanted to get their group online. Two years later we run free social media "
    "surgeries across Birmingham every month.": (
        "Patchwork powstał w 2024 roku w bibliotece w Kingstanding, gdy troje wolontariuszy "
        "zaproponowało pomoc każdemu, kto chciał przenieść swoją grupę do internetu. Dwa lata później "
        "co miesiąc prowadzimy bezpłatne dyżury pomocy z mediami społecznościowymi w całym Birmingham."
    ),
    "A surgery is an informal drop-in. You bring your laptop or phone and your questions; a "
    "volunteer sits with you and helps you start a newsletter, a blog or a Facebook page for your "
    "Neighbourhood Watch, tenants' association, club or charity.": (
        "Dyżur to nieformalne spotkanie bez zapisów. Przynosisz laptop lub telefon i swoje pytania, "
        "a wolontariusz siada z Tobą i pomaga założyć biuletyn, bloga albo stronę na Facebooku dla "
        "Twojej straży sąsiedzkiej, stowarzyszenia lokatorów, klubu lub organizacji charytatywnej."
    ),
    "Who we help": "Komu pomagamy",
    "Anyone doing something useful for their neighbourhood. You do not need to be confident with "
    "computers: most of the people we help have never written for the web.": (
        "Każdemu, kto robi coś pożytecznego dla swojej okolicy. Nie musisz dobrze znać się na "
        "komputerach: większość osób, którym pomagamy, nigdy wcześniej nie pisała do internetu."
    ),
    "I came in wanting to email forty neighbours. I left with a newsletter.": (
        "Przyszłam, bo chciałam wysłać e-mail do czterdziestu sąsiadów. Wyszłam z biuletynem."
    ),
    "Maureen, Kingstanding Neighbourhood Watch": "Maureen, Straż Sąsiedzka Kingstanding",
    # The Handsworth place
    "Handsworth": "Handsworth",
    "Multilingual neighbourhood with allotment societies, faith groups and a tenants' association.": (
        "Wielojęzyczna dzielnica z towarzystwami ogrodów działkowych, wspólnotami wyznaniowymi "
        "i stowarzyszeniem lokatorów."
    ),
    # Handsworth Village Hall
    "Handsworth Village Hall": "Świetlica w Handsworth",
    "A Victorian village hall in Handsworth with a garden and a hall to hire.": (
        "Wiktoriańska świetlica w Handsworth z ogrodem i salą do wynajęcia."
    ),
    "A Victorian hall by the park, home to allotment societies, faith groups and the Saturday "
    "supplementary school.": (
        "Wiktoriańska sala przy parku, w której spotykają się działkowcy, wspólnoty wyznaniowe "
        "i sobotnia szkoła uzupełniająca."
    ),
    "Three steps at the front door; a ramp at the side entrance on request.": (
        "Trzy schodki przy drzwiach frontowych; na prośbę rampa przy wejściu bocznym."
    ),
    # ... its week, its room and its day off
    "Early May bank holiday: community fun day": "Majowe święto bankowe: festyn sąsiedzki",
    "Allotment society committee": "Zarząd towarzystwa działkowców",
    "Handsworth Allotment Society": "Towarzystwo Działkowców Handsworth",
    "Second Monday of the month": "W drugi poniedziałek miesiąca",
    "Knit and natter": "Dziergamy i gawędzimy",
    "Hall volunteers": "Wolontariusze świetlicy",
    "Saturday supplementary school": "Sobotnia szkoła uzupełniająca",
    "Handsworth Learning Trust": "Fundacja Edukacyjna Handsworth",
    "Maths and English for ages 7 to 14": "Matematyka i angielski dla dzieci od 7 do 14 lat",
    "Punjabi classes for children": "Lekcje pendżabskiego dla dzieci",
    "Handsworth Sikh Community Group": "Wspólnota Sikhów z Handsworth",
    "Main hall": "Sala główna",
    "High ceilings, a piano and doors onto the garden.": "Wysoki sufit, pianino i drzwi do ogrodu.",
    # The allotments blog and one of its posts
    "Handsworth Park Allotments blog": "Blog ogródków działkowych w Handsworth Park",
    "News from the community allotments in Handsworth Park.": (
        "Wiadomości z ogródków działkowych w Handsworth Park."
    ),
    "News from the community plots behind Handsworth Park: what is growing, when we meet, and how "
    "to get a plot.": (
        "Wiadomości z działek za Handsworth Park: co rośnie, kiedy się spotykamy i jak dostać działkę."
    ),
    "When there is news": "Gdy są nowości",
    "Seed swap on Saturday": "Wymiana nasion w sobotę",
    "Bring seeds you saved, take seeds you need. Tea and cake in the shed.": (
        "Przynieś nasiona, które zebrałeś, weź te, których potrzebujesz. Herbata i ciasto w szopie."
    ),
    "Our seed swap is back. You do not need to bring anything to take something: there are always "
    "more tomato seeds than people to grow them.": (
        "Wymiana nasion wraca. Nie musisz nic przynosić, żeby coś wziąć: nasion pomidorów jest zawsze "
        "więcej niż chętnych do ich uprawy."
    ),
    "Seed swap": "Wymiana nasion",
    "The big shed, Handsworth Park allotments (gate on Grove Lane)": (
        "Duża szopa, ogródki działkowe Handsworth Park (brama od Grove Lane)"
    ),
    "Free. Bring seeds in labelled envelopes if you have them.": (
        "Wstęp wolny. Jeśli masz nasiona, przynieś je w podpisanych kopertach."
    ),
    # The Handsworth surgery
    "Handsworth surgery for tenants' and residents' groups": (
        "Dyżur w Handsworth dla stowarzyszeń lokatorów i mieszkańców"
    ),
    "A free social media surgery in Handsworth.": (
        "Bezpłatny dyżur pomocy z mediami społecznościowymi w Handsworth."
    ),
    "A relaxed drop-in where volunteers sit with you and help you get your group online: a blog, a "
    "newsletter, a Facebook page, or just feeling safer on the internet.": (
        "Spokojne spotkanie bez zapisów, na którym wolontariusze siadają z Tobą i pomagają Twojej "
        "grupie wejść do internetu: blog, biuletyn, strona na Facebooku albo po prostu większe "
        "poczucie bezpieczeństwa w sieci."
    ),
    "Come for ten minutes or the whole session. Tea and biscuits provided.": (
        "Wpadnij na dziesięć minut albo na cały dyżur. Zapewniamy herbatę i ciastka."
    ),
    "Your phone, tablet or laptop if you have one, and the passwords for your accounts.": (
        "Telefon, tablet lub laptop, jeśli masz, oraz hasła do swoich kont."
    ),
    "Step-free entrance and an accessible toilet. Hearing loop at the front desk.": (
        "Wejście bez schodów i toaleta dostępna dla wózków. Pętla indukcyjna przy recepcji."
    ),
    # Facilities
    "Free Wi-Fi": "Bezpłatne Wi-Fi",
    "Ask at reception for the password.": "Hasło można dostać w recepcji.",
    "Kitchen": "Kuchnia",
    "Fridge, oven, urn and crockery for 80.": "Lodówka, piekarnik, warnik i naczynia dla 80 osób.",
    "Projector and screen": "Projektor i ekran",
    "HDMI lead provided.": "Kabel HDMI na miejscu.",
    "Baby changing": "Przewijak dla niemowląt",
    "Garden": "Ogród",
    "Raised beds and benches, open in daylight hours.": "Podwyższone grządki i ławki, otwarty za dnia.",
    "Tables and chairs": "Stoły i krzesła",
    "Stage and PA system": "Scena i nagłośnienie",
}

# By the language code of the locale they translate into.
DEMO_WORDS = {"ur": URDU_WORDS, "ar": ARABIC_WORDS, "pl": POLISH_WORDS}
