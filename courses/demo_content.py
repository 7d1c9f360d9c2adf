# ruff: noqa: E501 - prose in three scripts; lines are broken between words, not at a column
"""The words of the demo courses, in Arabic (the source) with Urdu and English translations,
written for volunteers serving at the Prophet's Mosque in Madinah.

The first-aid facts follow public first-aid guidance: the International Federation of Red
Cross and Red Crescent Societies' "International First Aid, Resuscitation and Education
Guidelines 2020" (scene safety, checking response and breathing, the recovery position,
nothing by mouth for someone not fully awake, rapid cooling of heat stroke, direct pressure
on bleeding, leaving embedded objects in place, signs of shock) and the Saudi Red Crescent
Authority's public advice (call 997, give the exact place). The guiding lessons describe the
office's own practice (numbered gates, handing a lost pilgrim over, never alone). Demo
content only: no test relies on these words.

Each lesson: its title, its paragraphs, a callout (the one rule to remember) and the alt text
of its picture, per language.
"""

FIRST_AID_COURSE = {
    "ar": {
        "title": "الإسعافات الأولية للمتطوعين",
        "summary": (
            "كيف تتعامل مع الإغماء والجروح وضربات الشمس بين الحجاج والزوار حتى يصل الإسعاف."
        ),
    },
    "ur": {
        "title": "رضاکاروں کے لیے ابتدائی طبی امداد",
        "summary": (
            "حجاج اور زائرین میں بے ہوشی، زخموں اور لُو لگنے سے کیسے نمٹیں جب تک ایمبولینس پہنچے۔"
        ),
    },
    "en": {
        "title": "First aid for volunteers",
        "summary": (
            "How to deal with fainting, wounds and heat stroke among pilgrims and visitors "
            "until the ambulance arrives."
        ),
    },
}

GUIDING_COURSE = {
    "ar": {
        "title": "إرشاد التائهين في المسجد النبوي",
        "summary": "خرائط المسجد النبوي وأبوابه، وكيف ترافق التائه إلى مكتب الإرشاد أو إلى سكنه.",
    },
    "ur": {
        "title": "مسجد نبوی میں راستہ بھولے ہوئے زائرین کی رہنمائی",
        "summary": (
            "مسجد نبوی کے نقشے اور دروازے، اور راستہ بھولے ہوئے زائر کو رہنمائی کے دفتر یا اس کی "
            "رہائش تک کیسے پہنچائیں۔"
        ),
    },
    "en": {
        "title": "Guiding lost pilgrims at the Prophet's Mosque",
        "summary": (
            "The map and gates of the Prophet's Mosque, and how to accompany a lost pilgrim to "
            "the guidance office or back to their lodging."
        ),
    },
}

LESSONS = {
    "assess-the-scene": {
        "image": "scene",
        "ar": {
            "title": "تقييم الموقف وطلب المساعدة",
            "paragraphs": [
                "حين يسقط حاج أو زائر في ساحات المسجد النبوي يتجمع الناس حوله في ثوانٍ. قبل أن "
                "تتقدم توقف لحظة وانظر: هل في المكان خطر عليك أو عليه، كتدافع الزحام أو رخام "
                "مبلل أو سيارات عند البوابات أو سلك كهربائي؟ لا تكن مصابًا ثانيًا. وإن كان المكان "
                "غير آمن وأمكنك ذلك فانقل المصاب إلى أقرب موضع آمن فقط.",
                "ثم تحقق من استجابته: كلّمه بصوت واضح بالعربية وبلغته إن استطعت، واربت على "
                "كتفيه برفق. فإن لم يُجب فافتح مجرى الهواء بإمالة الرأس إلى الخلف ورفع الذقن، "
                "وانظر واستمع وتحسس التنفس الطبيعي مدة لا تزيد على عشر ثوانٍ.",
                "اتصل بالهلال الأحمر السعودي على الرقم 997، أو كلّف شخصًا بعينه بالاتصال: أشر "
                "إليه وقل له «أنت، اتصل بـ 997». حدّد المكان بدقة: رقم الباب والساحة ومَعلمًا "
                "قريبًا، واذكر عمر المصاب وهل يتنفس وما الذي حدث، وابقَ على الخط واتبع تعليمات "
                "المُرسِل.",
                "إن كان يتنفس ولا يستجيب فضعه على جنبه في وضعية الإفاقة ليبقى مجرى الهواء "
                "مفتوحًا، وراقب تنفسه حتى يصل الإسعاف. وإن لم يكن يتنفس طبيعيًا فابدأ الضغط على "
                "الصدر إن كنت مدرَّبًا عليه.",
            ],
            "callout": "لا تسقِ فاقد الوعي شيئًا، ولا حتى ماء زمزم: قد يختنق به.",
            "alt": "هلال أحمر وهاتف عليه الرقم 997",
        },
        "ur": {
            "title": "صورتحال کا جائزہ اور مدد طلب کرنا",
            "paragraphs": [
                "جب مسجد نبوی کے صحنوں میں کوئی حاجی یا زائر گر پڑتا ہے تو چند سیکنڈ میں لوگ اس کے "
                "گرد جمع ہو جاتے ہیں۔ آگے بڑھنے سے پہلے ایک لمحہ رکیں اور دیکھیں: کیا وہاں آپ کے یا "
                "اس کے لیے کوئی خطرہ ہے، جیسے ہجوم کا دباؤ، گیلا سنگِ مرمر، دروازوں پر گاڑیاں یا بجلی "
                "کا تار؟ خود دوسرا زخمی نہ بنیں۔ اگر جگہ محفوظ نہ ہو اور ممکن ہو تو مریض کو صرف قریب "
                "ترین محفوظ جگہ تک منتقل کریں۔",
                "پھر دیکھیں کہ وہ جواب دیتا ہے یا نہیں: اس سے واضح آواز میں عربی میں، اور ہو سکے تو "
                "اس کی زبان میں بات کریں اور اس کے کندھوں کو نرمی سے تھپتھپائیں۔ اگر جواب نہ دے تو سر "
                "کو پیچھے جھکا کر اور ٹھوڑی اٹھا کر سانس کی نالی کھولیں، اور دس سیکنڈ سے زیادہ نہیں، "
                "دیکھیں، سنیں اور محسوس کریں کہ وہ معمول کے مطابق سانس لے رہا ہے یا نہیں۔",
                "سعودی ہلال احمر کو 997 پر کال کریں، یا کسی ایک مخصوص شخص کو کال کرنے کا کہیں: اس کی "
                "طرف اشارہ کر کے کہیں «آپ، 997 پر کال کریں»۔ جگہ ٹھیک ٹھیک بتائیں: دروازے کا نمبر، "
                "صحن اور قریب کی کوئی نشانی۔ مریض کی عمر، سانس کی حالت اور واقعہ بتائیں، لائن پر رہیں "
                "اور ہدایات پر عمل کریں۔",
                "اگر وہ سانس لے رہا ہو مگر جواب نہ دے تو اسے ریکوری پوزیشن میں کروٹ پر لٹا دیں تاکہ "
                "سانس کی نالی کھلی رہے، اور ایمبولینس آنے تک اس کی سانس پر نظر رکھیں۔ اگر وہ معمول کے "
                "مطابق سانس نہ لے رہا ہو اور آپ تربیت یافتہ ہوں تو سینے پر دباؤ شروع کریں۔",
            ],
            "callout": "بے ہوش شخص کو کچھ نہ پلائیں، زمزم بھی نہیں: اس کا دم گھٹ سکتا ہے۔",
            "alt": "سرخ ہلال اور 997 نمبر والا فون",
        },
        "en": {
            "title": "Assessing the scene and calling for help",
            "paragraphs": [
                "When a pilgrim or visitor collapses in the courtyards of the Prophet's Mosque, a "
                "crowd gathers within seconds. Before you step in, stop for a moment and look: is "
                "there a danger to you or to them, such as crowd pressure, wet marble, cars at the "
                "gates or an electric cable? Do not become a second casualty. If the place is "
                "unsafe and you can, move the person only as far as the nearest safe spot.",
                "Then check whether they respond: speak clearly to them in Arabic, and in their "
                "language if you can, and tap their shoulders gently. If there is no answer, open "
                "the airway by tilting the head back and lifting the chin, and look, listen and "
                "feel for normal breathing for no more than ten seconds.",
                "Call the Saudi Red Crescent on 997, or ask one particular person to call: point "
                "at them and say \u201cYou, call 997\u201d. Give the exact place: the gate "
                "number, the courtyard and a landmark nearby. Say the person's age, whether they "
                "are breathing and what happened, stay on the line and follow the instructions.",
                "If they are breathing but do not respond, turn them on their side in the recovery "
                "position so the airway stays open, and watch their breathing until the ambulance "
                "arrives. If they are not breathing normally, start chest compressions if you are "
                "trained to.",
            ],
            "callout": (
                "Never give an unconscious person anything to drink, not even Zamzam water: "
                "they may choke."
            ),
            "alt": "A red crescent and a phone showing 997",
        },
    },
    "heat-stroke": {
        "image": "heat",
        "ar": {
            "title": "ضربات الشمس والإجهاد الحراري",
            "paragraphs": [
                "تتجاوز الحرارة في صيف المدينة المنورة كثيرًا 45 درجة، وكثير من الزوار كبار في "
                "السن أو صائمون أو يمشون مسافات طويلة بين سكنهم والمسجد. يظهر الإجهاد الحراري "
                "بتعرّق غزير وصداع ودوار وغثيان وضعف. انقل المصاب إلى الظل أو إلى مكان مكيّف، "
                "ومدّده، وخفّف ملابسه الضيقة، واسقه رشفات من الماء البارد إن كان واعيًا يستطيع "
                "البلع.",
                "أما ضربة الشمس فحالة طارئة. اشتبه بها حين يرتبك شخص في الحر أو يتصرف تصرفًا "
                "غريبًا أو يسقط أو يتشنج، وجلده حار جاف أو ما زال يتعرق. اتصل بـ 997 فورًا، وبرّد "
                "جسمه بأسرع ما تستطيع: أفضل ذلك غمر الجسم حتى العنق في ماء بارد، فإن لم يتيسر "
                "فصبّ الماء البارد أو رشّه على الجسم كله مع التهوية، وضع كمادات باردة على العنق "
                "والإبطين وأعلى الفخذين.",
                "استمر في التبريد حتى يتحسن المصاب أو يتسلمه فريق الإسعاف، ولا تسقِ شيئًا من كان "
                "مرتبكًا أو ناعسًا. وذكّر من حولك، وخاصة كبار السن، بالمشي في الظل وحمل الماء "
                "والراحة في ساعات الظهيرة.",
            ],
            "callout": "ضربة الشمس: اتصل بـ 997 وابدأ التبريد فورًا، ولا تنتظر.",
            "alt": "شمس حارقة ومقياس حرارة ومظلة وقطرات ماء",
        },
        "ur": {
            "title": "لُو لگنا اور گرمی کی تھکن",
            "paragraphs": [
                "مدینہ منورہ میں گرمیوں کا درجہ حرارت اکثر 45 ڈگری سے بڑھ جاتا ہے، اور بہت سے زائرین "
                "بزرگ ہوتے ہیں، روزے سے ہوتے ہیں یا اپنی رہائش اور مسجد کے درمیان لمبا فاصلہ پیدل طے "
                "کرتے ہیں۔ گرمی کی تھکن میں بہت پسینہ، سر درد، چکر، متلی اور کمزوری ہوتی ہے۔ مریض کو "
                "سائے میں یا ایئر کنڈیشنڈ جگہ لے جائیں، لٹا دیں، تنگ کپڑے ڈھیلے کریں، اور اگر وہ ہوش "
                "میں ہو اور نگل سکتا ہو تو ٹھنڈے پانی کے گھونٹ پلائیں۔",
                "لُو لگنا ہنگامی حالت ہے۔ اس کا شبہ کریں جب گرمی میں کوئی شخص الجھن کا شکار ہو، عجیب "
                "حرکتیں کرے، گر پڑے یا اسے دورہ پڑے، اور اس کی جلد گرم ہو، خشک یا اب بھی پسینے والی۔ "
                "فوراً 997 پر کال کریں اور جتنی جلدی ہو سکے جسم ٹھنڈا کریں: سب سے بہتر یہ ہے کہ جسم کو "
                "گردن تک ٹھنڈے پانی میں ڈبو دیں؛ یہ ممکن نہ ہو تو پورے جسم پر ٹھنڈا پانی ڈالیں یا "
                "چھڑکیں اور پنکھا کریں، اور گردن، بغلوں اور رانوں کے اوپر ٹھنڈی پٹیاں رکھیں۔",
                "مریض کے سنبھلنے یا ایمبولینس کے عملے کے سنبھالنے تک ٹھنڈا کرتے رہیں، اور جو شخص "
                "الجھن میں یا غنودگی میں ہو اسے کچھ نہ پلائیں۔ آس پاس کے لوگوں کو، خاص طور پر بزرگوں "
                "کو، سائے میں چلنے، پانی ساتھ رکھنے اور دوپہر کے سخت گرم اوقات میں آرام کرنے کی یاد "
                "دہانی کرائیں۔",
            ],
            "callout": "لُو لگنے پر: 997 پر کال کریں اور فوراً ٹھنڈا کرنا شروع کریں، انتظار نہ کریں۔",
            "alt": "تیز دھوپ، تھرمامیٹر، چھتری اور پانی کے قطرے",
        },
        "en": {
            "title": "Heat stroke and heat exhaustion",
            "paragraphs": [
                "Summer days in Madinah often pass 45 °C, and many visitors are elderly, fasting "
                "or walking long distances between their lodging and the mosque. Heat exhaustion "
                "shows as heavy sweating, headache, dizziness, nausea and weakness. Move the "
                "person to the shade or an air-conditioned place, have them lie down, loosen "
                "tight clothing, and give them sips of cool water if they are awake and can "
                "swallow.",
                "Heat stroke is an emergency. Suspect it when someone in the heat is confused, "
                "behaves strangely, collapses or has a seizure, with hot skin, dry or still "
                "sweating. Call 997 at once and cool them as fast as you can: best is to immerse "
                "the body up to the neck in cold water; where you cannot, pour or spray cool "
                "water all over the body and fan it, and put cold packs on the neck, armpits "
                "and groin.",
                "Keep cooling until the person recovers or the ambulance crew takes over, and give "
                "nothing to drink to someone who is confused or drowsy. Remind the people around "
                "you, the elderly above all, to walk in the shade, carry water and rest in the "
                "hottest hours.",
            ],
            "callout": "Heat stroke: call 997 and start cooling at once. Do not wait.",
            "alt": "A blazing sun, a thermometer, a sunshade and drops of water",
        },
    },
    "bleeding": {
        "image": "bleeding",
        "ar": {
            "title": "إيقاف النزيف وتضميد الجروح",
            "paragraphs": [
                "السقوط على الدرج والسلالم الكهربائية والجروح من الحواف الحادة شائعة في الزحام. "
                "البس القفازين إن كانا معك، فهما يحميانك ويحميان المصاب، وأجلسه أو مدّده واكشف "
                "الجرح.",
                "اضغط بقوة ومباشرة على الجرح بقطعة قماش نظيفة أو ضمادة، واستمر في الضغط دون أن "
                "ترفعها لتنظر. فإن تشربت بالدم فضع ضمادة أخرى فوقها واضغط أكثر، ولا تنزع الأولى. "
                "فإذا توقف النزيف فثبّت الضمادة برباط محكم لا يقطع الدورة الدموية.",
                "لا تنزع جسمًا مغروسًا في الجرح، بل اضغط حوله واتصل بـ 997. واتصل كذلك إن لم "
                "يتوقف النزيف بالضغط، أو كان الدم يتدفق بقوة، أو شحب المصاب وبرد جلده واضطرب، "
                "فهذه علامات الصدمة؛ أبقه ممددًا ودافئًا حتى تصل المساعدة.",
            ],
            "callout": "اضغط على الجرح ولا ترفع الضمادة لتنظر.",
            "alt": "ضمادة ولفافة رباط وقفازان وحقيبة إسعاف عليها هلال أحمر",
        },
        "ur": {
            "title": "خون روکنا اور زخموں کی پٹی",
            "paragraphs": [
                "ہجوم میں سیڑھیوں اور برقی زینوں پر گرنا اور تیز کناروں سے کٹ جانا عام ہے۔ اگر آپ کے "
                "پاس دستانے ہوں تو پہن لیں، یہ آپ کو بھی بچاتے ہیں اور مریض کو بھی۔ مریض کو بٹھا دیں یا "
                "لٹا دیں اور زخم کھولیں۔",
                "صاف کپڑے یا پٹی سے زخم پر براہِ راست زور سے دبائیں، اور دیکھنے کے لیے اٹھائے بغیر "
                "دباتے رہیں۔ اگر خون پٹی سے باہر آ جائے تو اس کے اوپر دوسری پٹی رکھ کر اور زور سے "
                "دبائیں، پہلی کو نہ ہٹائیں۔ خون رک جائے تو پٹی کو مضبوطی سے باندھ دیں مگر اتنا نہیں کہ "
                "خون کا دوران رک جائے۔",
                "زخم میں پھنسی ہوئی چیز نہ نکالیں، اس کے اردگرد دبائیں اور 997 پر کال کریں۔ اس وقت بھی "
                "کال کریں جب دبانے سے خون نہ رکے، خون زور سے بہہ رہا ہو، یا مریض کا رنگ زرد پڑ جائے، "
                "جلد ٹھنڈی ہو اور وہ الجھن کا شکار ہو، یہ صدمے کی علامات ہیں؛ مدد آنے تک اسے لٹائے "
                "رکھیں اور گرم رکھیں۔",
            ],
            "callout": "زخم پر دبائیں اور دیکھنے کے لیے پٹی نہ اٹھائیں۔",
            "alt": "پٹی، رول، دستانے اور سرخ ہلال والا ابتدائی طبی امداد کا بیگ",
        },
        "en": {
            "title": "Stopping bleeding and dressing wounds",
            "paragraphs": [
                "Falls on stairs and escalators and cuts from sharp edges are common in a crowd. "
                "Put on gloves if you have them: they protect you and the person. Have them sit "
                "or lie down, and uncover the wound.",
                "Press firmly and directly on the wound with a clean cloth or dressing, and keep "
                "pressing without lifting it to look. If blood soaks through, put another "
                "dressing on top and press harder; do not remove the first. When the bleeding "
                "stops, hold the dressing with a bandage that is firm but does not cut off the "
                "circulation.",
                "Do not pull out an object stuck in a wound: press around it and call 997. Call "
                "also when pressure does not stop the bleeding, when blood spurts, or when the "
                "person turns pale, cold and confused, the signs of shock; keep them lying down "
                "and warm until help arrives.",
            ],
            "callout": "Press on the wound, and do not lift the dressing to look.",
            "alt": "A dressing, a roll of bandage, gloves and a first-aid bag with a red crescent",
        },
    },
    "gates-and-landmarks": {
        "image": "gates",
        "ar": {
            "title": "أبواب المسجد النبوي ومعالمه",
            "paragraphs": [
                "للمسجد النبوي عشرات الأبواب في جهاته الأربع، على كل باب رقمه واسمه، وتظلل "
                "ساحاته المظلات الكبيرة. والتائه يتذكر في الغالب شيئًا رآه، بابًا أو مئذنة أو "
                "ساعة أو لوحة فندق، لا رقمًا. فاحفظ أبواب موقع خدمتك بأرقامها وأسمائها، والمعالم "
                "التي بجوارها.",
                "القبة الخضراء فوق الحجرة النبوية في الجهة الجنوبية الشرقية من المسجد، ولمصليات "
                "النساء أبوابها الخاصة، ومن الجهة الشرقية يُخرج إلى البقيع. وإذا أرشدت أحدًا فاذكر "
                "له معلمًا واحدًا ورقم باب واحدًا، وأشر بيدك: «اخرج من باب الملك فهد، رقم 21، ثم "
                "إلى اليمين».",
                "احمل خريطة المكتب لقطاعك، واعرف أقرب نقاط الإرشاد والإسعاف ودورات المياه وبرادات "
                "الماء. وإذا كان الزائر لا يقرأ اللوحات فامشِ معه خطوات حتى يرى الباب، بدل أن تصف "
                "له طريقًا طويلًا.",
            ],
            "callout": "أرشد بمعلم واحد ورقم باب واحد، وأشر بيدك.",
            "alt": "باب مقوّس عليه رقم، والقبة الخضراء ومئذنتان ومظلات الساحة",
        },
        "ur": {
            "title": "مسجد نبوی کے دروازے اور نشانیاں",
            "paragraphs": [
                "مسجد نبوی کے چاروں طرف درجنوں دروازے ہیں، ہر دروازے پر اس کا نمبر اور نام لکھا ہے، اور "
                "صحنوں پر بڑی چھتریاں سایہ کرتی ہیں۔ راستہ بھولا ہوا زائر عموماً کوئی دیکھی ہوئی چیز یاد "
                "رکھتا ہے، کوئی دروازہ، مینار، گھڑی یا ہوٹل کا بورڈ، نمبر نہیں۔ اپنی ڈیوٹی کی جگہ کے "
                "دروازے نمبر اور نام سے، اور ان کے پاس کی نشانیاں یاد کر لیں۔",
                "سبز گنبد مسجد کے جنوب مشرقی حصے میں حجرۂ نبوی کے اوپر ہے، خواتین کے مصلوں کے اپنے "
                "دروازے ہیں، اور مشرقی جانب سے جنت البقیع کا راستہ نکلتا ہے۔ کسی کو راستہ بتائیں تو ایک "
                "نشانی اور ایک دروازے کا نمبر بتائیں اور ہاتھ سے اشارہ کریں: «شاہ فہد گیٹ، نمبر 21 سے "
                "نکلیں، پھر دائیں مڑیں»۔",
                "اپنے سیکٹر کا دفتر والا نقشہ ساتھ رکھیں، اور قریب ترین رہنمائی کے مقامات، ابتدائی طبی "
                "امداد، بیت الخلا اور پانی کے کولر کہاں ہیں، یہ جان لیں۔ اگر زائر بورڈ نہ پڑھ سکتا ہو تو "
                "لمبا راستہ سمجھانے کے بجائے چند قدم اس کے ساتھ چلیں یہاں تک کہ دروازہ نظر آ جائے۔",
            ],
            "callout": "ایک نشانی اور ایک دروازے کا نمبر بتائیں، اور ہاتھ سے اشارہ کریں۔",
            "alt": "نمبر والا محراب دار دروازہ، سبز گنبد، دو مینار اور صحن کی چھتریاں",
        },
        "en": {
            "title": "The gates and landmarks of the Prophet's Mosque",
            "paragraphs": [
                "The Prophet's Mosque has dozens of gates on its four sides, each with its number "
                "and name above it, and large umbrellas shade its courtyards. A lost pilgrim "
                "usually remembers something they saw, a gate, a minaret, a clock or a hotel "
                "sign, rather than a number. Learn the gates of your service point by number and "
                "by name, and the landmarks beside them.",
                "The green dome stands over the Prophet's Chamber in the south-east of the "
                "mosque, the women's prayer halls have gates of their own, and the way to al-Baqi "
                "leaves from the east side. When you give directions, give one landmark and one "
                "gate number, and point: \u201cGo out through King Fahd Gate, number 21, then "
                "turn right.\u201d",
                "Carry the office's map of your sector, and know where the nearest guidance "
                "points, first-aid points, toilets and water coolers are. If a visitor cannot "
                "read the signs, walk a few steps with them until the gate is in sight rather "
                "than describing a long way.",
            ],
            "callout": "Give one landmark and one gate number, and point.",
            "alt": "An arched gate with its number, the green dome, two minarets and courtyard umbrellas",
        },
    },
    "accompanying": {
        "image": "accompany",
        "ar": {
            "title": "مرافقة التائه وتسليمه",
            "paragraphs": [
                "التائه كثيرًا ما يكون خائفًا متعبًا، وقد لا يتكلم العربية. حيّه بهدوء، وقدّم له "
                "الماء ومكانًا يجلس فيه، واستعمل كلمات بسيطة وإشارات أو متطوعًا يتكلم لغته. اسأله "
                "عن اسمه وبلده ومجموعته أو شركته واسم فندقه. وكثير من الحجاج يلبسون سوارًا أو "
                "يحملون بطاقة من شركة الحج أو العمرة عليها رقم هاتف، فاطلب أن تراها.",
                "لا تأخذ التائه وحدك بعيدًا عن أنظار فريقك، ولا تُركبه سيارة أبدًا. أخبر قائد "
                "فريقك إلى أين تذهب، وامشِ معه إلى مكتب الإرشاد أو نقطة التائهين في قطاعك، أو "
                "سلّمه إلى مندوب مجموعته.",
                "عند التسليم تحقق أن المستلم هو من يقول إنه هو، وسجّل الوقت والمكان ومن سلّمته "
                "إليه كما يطلب المكتب. وانتبه خاصة للأطفال وكبار السن والنساء بلا مرافق: في قسم "
                "النساء ترافق متطوعةٌ المرأةَ أو الطفل.",
            ],
            "callout": "لا ترافق تائهًا وحدك بعيدًا عن فريقك، ولا تُركبه سيارة.",
            "alt": "متطوع يرافق حاجًّا نحو لوحة الإرشاد",
        },
        "ur": {
            "title": "راستہ بھولے ہوئے زائر کے ساتھ جانا اور اسے حوالے کرنا",
            "paragraphs": [
                "راستہ بھولا ہوا زائر اکثر ڈرا ہوا اور تھکا ہوا ہوتا ہے، اور ممکن ہے عربی نہ بولتا ہو۔ "
                "اسے اطمینان سے سلام کریں، پانی اور بیٹھنے کی جگہ دیں، اور آسان الفاظ، اشارے یا اس کی "
                "زبان بولنے والا کوئی رضاکار استعمال کریں۔ اس سے اس کا نام، ملک، گروپ یا کمپنی اور ہوٹل "
                "کا نام پوچھیں۔ بہت سے حاجی حج یا عمرہ کمپنی کا کڑا پہنتے ہیں یا کارڈ رکھتے ہیں جس پر "
                "فون نمبر ہوتا ہے، اسے دکھانے کا کہیں۔",
                "راستہ بھولے ہوئے زائر کو کبھی اکیلے اپنی ٹیم کی نظروں سے دور نہ لے جائیں، اور کبھی "
                "گاڑی میں نہ بٹھائیں۔ اپنے ٹیم لیڈر کو بتائیں کہ آپ کہاں جا رہے ہیں، اور اس کے ساتھ "
                "اپنے سیکٹر کے رہنمائی دفتر یا گمشدہ زائرین کے مرکز تک جائیں، یا اسے اس کے گروپ کے "
                "نمائندے کے حوالے کریں۔",
                "حوالے کرتے وقت تسلی کریں کہ وصول کرنے والا وہی ہے جو وہ کہتا ہے، اور دفتر کی ہدایت کے "
                "مطابق وقت، جگہ اور جس کے حوالے کیا اس کا نام درج کریں۔ بچوں، بزرگوں اور اکیلی خواتین کا "
                "خاص خیال رکھیں: خواتین کے شعبے میں عورت یا بچے کے ساتھ خاتون رضاکار جاتی ہے۔",
            ],
            "callout": "راستہ بھولے ہوئے زائر کو اکیلے ٹیم سے دور نہ لے جائیں، اور گاڑی میں نہ بٹھائیں۔",
            "alt": "ایک رضاکار ایک زائر کے ساتھ رہنمائی کے بورڈ کی طرف جا رہا ہے",
        },
        "en": {
            "title": "Accompanying a lost pilgrim and handing them over",
            "paragraphs": [
                "A lost pilgrim is often frightened and tired, and may not speak Arabic. Greet "
                "them calmly, offer water and a place to sit, and use simple words, gestures or a "
                "volunteer who speaks their language. Ask their name, their country, their group "
                "or company and the name of their hotel. Many pilgrims wear a wristband or carry "
                "a card from their Hajj or Umrah company with a phone number: ask to see it.",
                "Never take a lost pilgrim away on your own, out of your team's sight, and never "
                "into a car. Tell your team leader where you are going, and walk with them to the "
                "guidance office or the lost pilgrims' point of your sector, or hand them to "
                "their group's representative.",
                "At the handover, make sure the person receiving them is who they say they are, "
                "and record the time, the place and whom you handed them to, as the office asks. "
                "Take particular care of children, the elderly and women on their own: in the "
                "women's section, a woman volunteer accompanies a woman or a child.",
            ],
            "callout": "Never accompany a lost pilgrim alone, out of your team's sight, or into a car.",
            "alt": "A volunteer walking with a pilgrim towards a guidance sign",
        },
    },
}

HANDOUTS = {
    "first-aid": {
        "filename": "first-aid-checklist.pdf",
        "name": "First aid checklist",
        "heading": "First aid checklist for volunteers",
        "lines": [
            "Check the scene is safe: crowd, wet floor, cars, cables",
            "Check response and breathing (no more than 10 seconds)",
            "Call 997 (Saudi Red Crescent): gate number, courtyard, landmark",
            "Breathing but not responding: recovery position",
            "Heat stroke: call 997, cool at once (cold water, spray and fan)",
            "Bleeding: press firmly, add dressings on top, never lift to look",
            "Nothing by mouth to anyone not fully awake",
            "Stay until help arrives",
        ],
    },
    "guiding-lost-pilgrims": {
        "filename": "guiding-checklist.pdf",
        "name": "Guiding checklist",
        "heading": "Guiding lost pilgrims: checklist",
        "lines": [
            "Greet calmly; offer water and a seat",
            "Ask: name, country, group or company, hotel",
            "Look for a wristband or company card with a phone number",
            "Tell your team leader where you are going",
            "Never alone out of your team's sight; never into a car",
            "Hand over at the guidance office or to the group's representative",
            "Record time, place and whom you handed the pilgrim to",
        ],
    },
}
