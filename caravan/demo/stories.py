"""Each demo article's body, in English and Russian (with the Russian headline and
standfirst), keyed by slug. Invented for the demo: the people, quotes and
figures are fictional."""

# slug: (English paragraphs, Russian title, Russian standfirst, Russian paragraphs)
STORIES = {
    "kazakhstan-central-bank-holds-base-rate": (
        [
            "Kazakhstan's National Bank left its base rate unchanged on Friday, saying inflation had slowed for a third month and the tenge had steadied.",
            "The bank's board said price growth in food and services was easing, but warned that planned increases in utility tariffs could push inflation up again in the spring.",
            "Economists surveyed before the meeting had expected the hold. Most now see the first cut in the rate coming in the second half of next year.",
        ],
        "Нацбанк Казахстана сохранил базовую ставку на фоне замедления инфляции",
        "Национальный банк оставил ставку без изменений, сославшись на замедление роста цен и более устойчивый тенге.",
        [
            "Национальный банк Казахстана в пятницу сохранил базовую ставку, отметив, что инфляция замедляется третий месяц подряд, а курс тенге стабилизировался.",
            "Совет директоров банка указал на замедление роста цен на продовольствие и услуги, но предупредил, что запланированное повышение тарифов ЖКХ может весной снова ускорить инфляцию.",
            "Опрошенные перед заседанием экономисты ожидали такого решения. Большинство из них теперь ждут первого снижения ставки во второй половине следующего года.",
        ],
    ),
    "uzbekistan-eurobond-oversubscribed": (
        [
            "Uzbekistan sold a new dollar Eurobond this week, drawing orders worth three times the amount on offer from investors in London, Asia and the Gulf.",
            "The strong demand let the finance ministry price the bond below its initial guidance, cutting the yield it will pay over the next seven years.",
            "Officials said the money would go to roads, water supply and the state's share in new power plants.",
        ],
        "Спрос на новые еврооблигации Узбекистана втрое превысил предложение",
        "Высокий спрос позволил Ташкенту разместить долларовые облигации ниже первоначального ориентира доходности.",
        [
            "Узбекистан на этой неделе разместил новые долларовые еврооблигации: заявки инвесторов из Лондона, Азии и стран Залива втрое превысили объём выпуска.",
            "Высокий спрос позволил министерству финансов установить доходность ниже первоначального ориентира и сэкономить на выплатах в ближайшие семь лет.",
            "По словам чиновников, деньги пойдут на дороги, водоснабжение и долю государства в новых электростанциях.",
        ],
    ),
    "kyrgyz-parliament-budget-debate": (
        [
            "Kyrgyzstan's parliament passed next year's budget early on Thursday after a debate that ran through the night.",
            "Deputies added money for school repairs and rural roads, and the finance ministry agreed to a smaller deficit target than it had first proposed.",
            "Opposition members said the revenue forecasts were optimistic and depended on gold prices staying high.",
        ],
        "Парламент Кыргызстана принял бюджет после ночных дебатов",
        "Депутаты одобрили рост расходов на школы и дороги и более низкий целевой дефицит.",
        [
            "Парламент Кыргызстана рано утром в четверг принял бюджет на следующий год после дебатов, продолжавшихся всю ночь.",
            "Депутаты добавили средства на ремонт школ и сельских дорог, а министерство финансов согласилось на меньший дефицит, чем предлагало сначала.",
            "Представители оппозиции назвали прогноз доходов оптимистичным: по их словам, он зависит от высоких цен на золото.",
        ],
    ),
    "tajikistan-rogun-second-unit": (
        [
            "The second turbine at the Rogun dam began generating power this week, the plant's operator said.",
            "The new unit adds capacity before winter, when Tajikistan's demand for electricity peaks and rural districts often face cuts.",
            "Engineers said work on raising the dam wall continues, and that the remaining four turbines would follow as the reservoir fills.",
        ],
        "Второй агрегат Рогунской ГЭС начал вырабатывать электроэнергию",
        "Агрегат добавляет мощность перед зимой, когда потребление электроэнергии в Таджикистане достигает пика.",
        [
            "Второй гидроагрегат Рогунской ГЭС на этой неделе начал вырабатывать электроэнергию, сообщил оператор станции.",
            "Новый агрегат добавляет мощность перед зимой, когда спрос на электричество в Таджикистане максимален, а в сельских районах часто отключают свет.",
            "По словам инженеров, возведение плотины продолжается, а оставшиеся четыре агрегата заработают по мере заполнения водохранилища.",
        ],
    ),
    "turkmenistan-gas-china-line-d": (
        [
            "Line D, a fourth gas pipeline from Central Asia to China, has been discussed for more than a decade. Ashgabat is now pressing to start building it.",
            "China already buys most of Turkmenistan's gas exports. A new line would add volume, but it would also deepen the country's dependence on one buyer.",
            "Officials say they are also talking to buyers in South Asia and Europe, but neither route has found the money to be built.",
        ],
        "Почему «Линия D» сейчас важна для Ашхабада как никогда",
        "Четвёртый газопровод в Китай усилит зависимость Туркменистана от одного покупателя — и там это понимают.",
        [
            "«Линию D», четвёртый газопровод из Центральной Азии в Китай, обсуждают больше десяти лет. Теперь Ашхабад добивается начала строительства.",
            "Китай и так покупает большую часть экспортного туркменского газа. Новая линия увеличит поставки, но и усилит зависимость страны от одного покупателя.",
            "Чиновники говорят о переговорах с покупателями в Южной Азии и Европе, но ни для одного из этих маршрутов пока не нашлось денег.",
        ],
    ),
    "aral-sea-saxaul-planting": (
        [
            "Volunteers from Kazakhstan and Uzbekistan planted saxaul seedlings across a stretch of the dry bed of the Aral Sea this autumn.",
            "The hardy shrubs hold down the salt and dust that storms lift from the former seabed and carry hundreds of kilometres.",
            "Foresters said about half of last year's plantings survived the summer, better than they had feared.",
        ],
        "На осушенном дне Аральского моря высадили новые леса саксаула",
        "Лесоводы Казахстана и Узбекистана расширяют посадки, чтобы остановить соляные бури на бывшем дне моря.",
        [
            "Этой осенью добровольцы из Казахстана и Узбекистана высадили саженцы саксаула на участке высохшего дна Аральского моря.",
            "Выносливый кустарник удерживает соль и пыль, которые бури поднимают с бывшего морского дна и уносят на сотни километров.",
            "По словам лесоводов, лето пережила примерно половина прошлогодних посадок — больше, чем они опасались.",
        ],
    ),
    "glaciers-tien-shan-retreat": (
        [
            "The Tien Shan's glaciers are shrinking faster than climate models predicted, according to field measurements published this month.",
            "Researchers who have measured the same glaciers for a decade found that summer melt has outpaced winter snow every year.",
            "The glaciers feed rivers that irrigate farms downstream. Hydrologists warn that flows will rise for a while, then fall.",
        ],
        "Ледники Тянь-Шаня тают быстрее, чем предсказывали модели",
        "Полевые измерения показывают, что летнее таяние уже десять лет подряд превышает зимние снегопады.",
        [
            "Ледники Тянь-Шаня сокращаются быстрее, чем предсказывали климатические модели, следует из опубликованных в этом месяце полевых измерений.",
            "Исследователи, которые десять лет измеряют одни и те же ледники, обнаружили, что летнее таяние каждый год превышало зимние снегопады.",
            "Ледники питают реки, орошающие поля ниже по течению. Гидрологи предупреждают: сток сначала вырастет, а затем сократится.",
        ],
    ),
    "labour-migrants-remittances": (
        [
            "Remittances from Russia to Central Asia fell this year as more labour migrants chose to work elsewhere.",
            "Workers from Tajikistan, Kyrgyzstan and Uzbekistan are increasingly heading to the Gulf, South Korea and Europe, recruiters say.",
            "The money they send home still makes up a large share of household income, and of the economy in Tajikistan and Kyrgyzstan.",
        ],
        "Переводы из России сокращаются: мигранты ищут работу в других странах",
        "Работники из Таджикистана, Кыргызстана и Узбекистана всё чаще едут в страны Залива, Корею и Европу.",
        [
            "Денежные переводы из России в Центральную Азию в этом году сократились: всё больше трудовых мигрантов выбирают другие страны.",
            "По словам рекрутеров, работники из Таджикистана, Кыргызстана и Узбекистана всё чаще едут в страны Залива, Южную Корею и Европу.",
            "Деньги, которые они отправляют домой, по-прежнему составляют большую долю доходов семей и экономики Таджикистана и Кыргызстана.",
        ],
    ),
    "kazakhstan-schools-trilingual": (
        [
            "Kazakhstan is extending trilingual teaching, in Kazakh, Russian and English, to rural schools from next September.",
            "The education ministry says three thousand teachers have been trained to teach science subjects in English.",
            "Head teachers in villages welcomed the plan but said they still lacked textbooks and reliable internet.",
        ],
        "Казахстан распространяет трёхъязычное обучение на сельские школы",
        "По данным министерства, три тысячи учителей прошли подготовку, чтобы преподавать естественные науки на английском.",
        [
            "Со следующего сентября Казахстан распространит трёхъязычное обучение — на казахском, русском и английском — на сельские школы.",
            "По данным министерства просвещения, три тысячи учителей прошли подготовку, чтобы вести естественные науки на английском языке.",
            "Директора сельских школ поддержали план, но сказали, что им по-прежнему не хватает учебников и надёжного интернета.",
        ],
    ),
    "border-agreement-kyrgyz-tajik": (
        [
            "Kyrgyzstan and Tajikistan have completed the demarcation of their shared border, signing the last protocol in Bishkek.",
            "The agreement ends a dispute over water, roads and pastures that led to deadly clashes in 2021 and 2022.",
            "Residents of border villages said they hoped the checkpoints closed since the fighting would now reopen.",
        ],
        "Кыргызстан и Таджикистан завершили делимитацию границы",
        "Итоговый протокол завершает спор, который привёл к кровопролитным столкновениям в 2021 и 2022 годах.",
        [
            "Кыргызстан и Таджикистан завершили делимитацию общей границы, подписав в Бишкеке последний протокол.",
            "Соглашение кладёт конец спору о воде, дорогах и пастбищах, который привёл к кровопролитным столкновениям в 2021 и 2022 годах.",
            "Жители приграничных сёл надеются, что пункты пропуска, закрытые после боёв, теперь откроются.",
        ],
    ),
    "c5-summit-connectivity": (
        [
            "Central Asian leaders pledged to cut the queues of trucks at their borders at a consultative meeting of the five presidents this week.",
            "They agreed on a plan for shared customs checks, so that freight is inspected once rather than at each side of a border.",
            "Hauliers' groups welcomed the pledge but said they had heard similar promises before.",
        ],
        "Лидеры Центральной Азии пообещали сократить очереди грузовиков на границах",
        "Консультативная встреча пяти президентов завершилась планом совместного таможенного контроля.",
        [
            "Лидеры стран Центральной Азии на консультативной встрече пяти президентов пообещали сократить очереди грузовиков на границах.",
            "Они договорились о совместном таможенном контроле: груз будут проверять один раз, а не с каждой стороны границы.",
            "Объединения перевозчиков приветствовали обещание, но напомнили, что похожие уже звучали раньше.",
        ],
    ),
    "middle-corridor-freight": (
        [
            "Freight on the Middle Corridor, the route from China to Europe across Kazakhstan, the Caspian and the Caucasus, has doubled in two years.",
            "But the corridor is only as fast as its slowest link: Caspian ports, a small fleet of ferries and paperwork at each border.",
            "Logistics firms say a container still takes three to four weeks, and that shared digital documents would save more time than new tracks.",
        ],
        "Средний коридор загружен. Готов ли он?",
        "Грузопоток через Каспий удвоился, но темп по-прежнему задают порты, паромы и документы.",
        [
            "Грузопоток по Среднему коридору — маршруту из Китая в Европу через Казахстан, Каспий и Кавказ — за два года удвоился.",
            "Но коридор движется со скоростью самого медленного звена: каспийских портов, небольшого паромного флота и оформления на каждой границе.",
            "Логистические компании говорят, что контейнер по-прежнему идёт три-четыре недели, и общие электронные документы сэкономили бы больше времени, чем новые пути.",
        ],
    ),
    "uzbek-cotton-forced-labour-free": (
        [
            "Uzbek cotton has won a clean bill on forced labour for the fourth year in a row, according to independent monitors of this year's harvest.",
            "Monitors found no systemic forced labour, though they recorded some cases of pressure on public-sector workers to pick.",
            "Exporters hope the report will help them sell yarn and clothing to European brands that boycotted Uzbek cotton for a decade.",
        ],
        "Узбекский хлопок снова признан свободным от принудительного труда",
        "Наблюдатели четвёртый год подряд не нашли системного принудительного труда при сборе урожая.",
        [
            "Узбекский хлопок четвёртый год подряд признан свободным от принудительного труда, сообщили независимые наблюдатели за сбором урожая.",
            "Наблюдатели не нашли системного принудительного труда, хотя отметили отдельные случаи давления на бюджетников.",
            "Экспортёры надеются, что доклад поможет продавать пряжу и одежду европейским брендам, которые десять лет бойкотировали узбекский хлопок.",
        ],
    ),
    "kyrgyz-gold-kumtor-output": (
        [
            "Kumtor, Kyrgyzstan's largest gold mine, produced more gold in the third quarter than in any quarter since the state took it over.",
            "The state-owned operator says it has widened the open pit and hired more local engineers.",
            "Environmental groups are watching the mine's tailings and the glaciers that surround the pit.",
        ],
        "Кумтор наращивает добычу золота после расширения карьера",
        "В третьем квартале рудник добыл больше золота, чем в любом квартале после национализации.",
        [
            "Кумтор, крупнейший золотой рудник Кыргызстана, в третьем квартале добыл больше золота, чем в любом квартале после перехода к государству.",
            "Государственный оператор сообщает, что расширил карьер и нанял больше местных инженеров.",
            "Экологические организации следят за хвостохранилищем рудника и ледниками вокруг карьера.",
        ],
    ),
    "interview-ombudsman-tashkent": (
        [
            "Uzbekistan's ombudsman says complaints are a sign of trust: her office received more of them this year than ever before.",
            "In this interview she talks about prison visits, access for people with disabilities and the limits of what her office can do.",
            "“We cannot overturn a court ruling,” she says. “But we can make sure a complaint is read, and answered.”",
        ],
        "«Жалобы — это знак доверия»: интервью с омбудсменом Узбекистана",
        "Уполномоченная по правам человека — о тюрьмах, доступной среде и о том, что может и чего не может её ведомство.",
        [
            "Омбудсмен Узбекистана считает жалобы знаком доверия: в этом году её ведомство получило их больше, чем когда-либо.",
            "В интервью она рассказывает о посещении тюрем, доступной среде для людей с инвалидностью и о пределах полномочий своего ведомства.",
            "«Мы не можем отменить решение суда, — говорит она. — Но можем добиться, чтобы жалобу прочли и на неё ответили».",
        ],
    ),
    "opinion-water-sharing": (
        [
            "Central Asia still shares its water under quotas drawn up in Soviet times. They no longer match the rivers, the crops or the populations.",
            "Upstream states want to store water for winter power; downstream states need it in summer for their fields. Each dry year sharpens the dispute.",
            "A treaty for the century ahead would have to include Afghanistan, plan for smaller glaciers and pay farmers to waste less.",
        ],
        "Центральной Азии нужен водный договор на столетие вперёд",
        "Советские квоты больше не соответствуют рекам, посевам и населению. Пора договариваться.",
        [
            "Центральная Азия до сих пор делит воду по квотам советского времени. Они уже не соответствуют ни рекам, ни посевам, ни населению.",
            "Страны верховьев хотят копить воду для зимней выработки электричества, страны низовьев нуждаются в ней летом для полей. Каждый засушливый год обостряет спор.",
            "Договор на столетие вперёд должен включать Афганистан, учитывать сокращение ледников и поощрять фермеров расходовать воду бережнее.",
        ],
    ),
    "turkmenistan-new-city-arkadag": (
        [
            "Turkmenistan has opened the second district of Arkadag, the new city built near Ashgabat.",
            "This phase adds hospitals, schools and a sports complex. Officials say the city will house seventy thousand people when complete.",
            "Critics question the cost of the project at a time when many Turkmen households struggle with rising food prices.",
        ],
        "Туркменистан открыл ещё один район нового города Аркадаг",
        "Второй этап Аркадага — это больницы, школы и спортивный комплекс.",
        [
            "Туркменистан открыл второй район Аркадага — нового города, построенного рядом с Ашхабадом.",
            "На этом этапе появились больницы, школы и спортивный комплекс. По словам чиновников, в достроенном городе будут жить семьдесят тысяч человек.",
            "Критики ставят под сомнение расходы на проект в то время, когда многим семьям трудно справляться с ростом цен на продукты.",
        ],
    ),
    "kazakh-oil-kashagan-output": (
        [
            "Output at Kashagan, Kazakhstan's giant offshore oil field, is nearing a record after maintenance finished early.",
            "Higher production helps the country's exports and budget, but it tests Kazakhstan's promise to keep within its OPEC+ quota.",
            "Officials say the field's operators, not the government, decide how much to pump.",
        ],
        "Добыча на Кашагане приближается к рекорду после ремонта",
        "Рост добычи на шельфовом месторождении помогает экспорту Казахстана, но испытывает его квоту в ОПЕК+.",
        [
            "Добыча на Кашагане, крупном шельфовом нефтяном месторождении Казахстана, приближается к рекорду после досрочного завершения ремонта.",
            "Рост добычи помогает экспорту и бюджету страны, но ставит под вопрос обещание Казахстана соблюдать квоту ОПЕК+.",
            "Чиновники говорят, что объём добычи определяют операторы месторождения, а не правительство.",
        ],
    ),
    "solar-plant-samarkand": (
        [
            "A 500 MW solar plant has opened near Samarkand, one of the largest in Central Asia.",
            "Uzbekistan aims to get a quarter of its power from renewables by the end of the decade, and foreign developers have signed contracts for several more plants.",
            "Grid operators say batteries and new lines are needed so that the power reaches cities in the evening, when demand peaks.",
        ],
        "Под Самаркандом открылась солнечная электростанция мощностью 500 МВт",
        "Узбекистан рассчитывает к концу десятилетия получать четверть электроэнергии из возобновляемых источников.",
        [
            "Под Самаркандом открылась солнечная электростанция мощностью 500 МВт — одна из крупнейших в Центральной Азии.",
            "Узбекистан хочет к концу десятилетия получать четверть электроэнергии из возобновляемых источников; иностранные компании подписали контракты ещё на несколько станций.",
            "Операторы сетей говорят, что нужны накопители и новые линии, чтобы энергия доходила до городов вечером, когда потребление максимально.",
        ],
    ),
    "kyrgyz-winter-power-imports": (
        [
            "Kyrgyzstan is preparing for another winter of power imports, with the Toktogul reservoir lower than usual.",
            "The energy ministry has agreed to buy electricity from Kazakhstan and Uzbekistan, and warned of possible rationing in January.",
            "Households in Bishkek have been asked to avoid electric heaters at peak hours.",
        ],
        "Кыргызстан готовится к ещё одной зиме с импортом электроэнергии",
        "Низкий уровень воды в Токтогуле означает закупки у соседей — и возможные ограничения.",
        [
            "Кыргызстан готовится к очередной зиме с импортом электроэнергии: уровень воды в Токтогульском водохранилище ниже обычного.",
            "Министерство энергетики договорилось о закупках электричества у Казахстана и Узбекистана и предупредило о возможных ограничениях в январе.",
            "Жителей Бишкека попросили не включать электрообогреватели в часы пик.",
        ],
    ),
    "digest-week-in-review-1": (
        [
            "The week in Central Asia: Kyrgyzstan's parliament passed its budget after a night of debate, and Kyrgyzstan and Tajikistan signed the last protocol on their border.",
            "Uzbekistan's new Eurobond drew orders three times the offer, and Kazakhstan's central bank held its base rate.",
            "Next week: a vote on Kazakhstan's district mayors and new figures on remittances.",
        ],
        "Неделя в Центральной Азии: бюджеты, границы и облигации",
        "Еженедельный обзор главных событий в пяти республиках.",
        [
            "Неделя в Центральной Азии: парламент Кыргызстана после ночных дебатов принял бюджет, а Кыргызстан и Таджикистан подписали последний протокол о границе.",
            "Спрос на новые еврооблигации Узбекистана втрое превысил предложение, а Нацбанк Казахстана сохранил базовую ставку.",
            "На следующей неделе: выборы акимов районов в Казахстане и новые данные о денежных переводах.",
        ],
    ),
    "tajik-tala-aluminium": (
        [
            "Tajikistan's aluminium smelter, TALCO, has signed a power deal with the state energy company.",
            "The smelter will pay a higher tariff in exchange for guaranteed supply through the winter, when it has often had to cut output.",
            "Aluminium is one of the country's main exports, and the plant is the largest consumer of its electricity.",
        ],
        "Таджикский алюминиевый завод подписал соглашение об электроэнергии",
        "ТАЛКО будет платить по новому тарифу в обмен на гарантированные поставки зимой.",
        [
            "Таджикский алюминиевый завод ТАЛКО подписал соглашение о поставках электроэнергии с государственной энергокомпанией.",
            "Завод будет платить по более высокому тарифу в обмен на гарантированные поставки зимой, когда ему часто приходилось сокращать выпуск.",
            "Алюминий — одна из главных статей экспорта страны, а завод — крупнейший потребитель её электроэнергии.",
        ],
    ),
    "almaty-air-pollution": (
        [
            "Almaty will convert its largest coal-fired power plant to gas, the city's mayor announced.",
            "Residents have long blamed the plant for the smog that settles over the city in winter, when cold air traps smoke in the valley.",
            "The work is due to finish in three years. Until then, the city says it will expand bus lanes and subsidise cleaner home heating.",
        ],
        "Алматы переведёт угольную ТЭЦ на газ",
        "Жители давно винят станцию в смоге, который зимой накрывает город.",
        [
            "Алматы переведёт свою крупнейшую угольную электростанцию на газ, объявил аким города.",
            "Жители давно винят станцию в смоге, который зимой стоит над городом, когда холодный воздух запирает дым в долине.",
            "Работы должны завершиться через три года. До тех пор город обещает расширить выделенные полосы для автобусов и субсидировать более чистое отопление домов.",
        ],
    ),
    "bukhara-heritage-restoration": (
        [
            "Restorers working in a Bukhara madrasa have uncovered painted ceilings hidden under layers of whitewash.",
            "The geometric patterns date from the seventeenth century, specialists say, and were probably covered during the Soviet period.",
            "The madrasa will reopen to visitors next year, with the ceilings lit so they can be seen from the courtyard.",
        ],
        "Реставраторы открыли расписные потолки в бухарском медресе",
        "Под слоями побелки скрывались геометрические узоры XVII века.",
        [
            "Реставраторы, работающие в одном из медресе Бухары, обнаружили расписные потолки под слоями побелки.",
            "По словам специалистов, геометрические узоры относятся к XVII веку и, вероятно, были закрашены в советское время.",
            "Медресе откроется для посетителей в следующем году, а потолки подсветят, чтобы их было видно со двора.",
        ],
    ),
    "world-nomad-games": (
        [
            "The World Nomad Games return to the shores of Lake Issyk-Kul this autumn.",
            "Kok-boru, horseback archery and eagle hunting will draw athletes from more than eighty countries, organisers say.",
            "Hotels around the lake are fully booked, and the government has added charter flights to Cholpon-Ata.",
        ],
        "Всемирные игры кочевников возвращаются на Иссык-Куль",
        "Кок-бору, стрельба из лука верхом и охота с беркутом собирают спортсменов из более чем восьмидесяти стран.",
        [
            "Этой осенью Всемирные игры кочевников возвращаются на берега озера Иссык-Куль.",
            "По словам организаторов, кок-бору, стрельба из лука верхом и охота с беркутом соберут спортсменов из более чем восьмидесяти стран.",
            "Гостиницы вокруг озера полностью заняты, а правительство добавило чартерные рейсы в Чолпон-Ату.",
        ],
    ),
    "kazakh-film-festival": (
        [
            "“Our stories travel now,” says the young Kazakh director whose first feature won a prize at a European festival this year.",
            "In this interview she talks about funding a film on the steppe, censorship, and audiences at home who rarely see Kazakh cinema.",
            "Her next film, about a family of shepherds, starts shooting in the spring.",
        ],
        "«Наши истории теперь путешествуют»: казахстанский режиссёр о новой волне",
        "После приза на европейском фестивале молодой режиссёр рассказывает о финансировании, цензуре и степи.",
        [
            "«Наши истории теперь путешествуют», — говорит молодой казахстанский режиссёр, чей первый фильм в этом году получил приз на европейском фестивале.",
            "В интервью она рассказывает о том, как найти деньги на съёмки в степи, о цензуре и о зрителях дома, которые редко видят казахстанское кино.",
            "Съёмки её следующего фильма — о семье чабанов — начнутся весной.",
        ],
    ),
    "afghan-border-security-tajikistan": (
        [
            "Tajikistan's southern border with Afghanistan is quiet, for now, officials in Dushanbe say.",
            "The government has reinforced posts along the Panj river while keeping channels open to the authorities in Kabul.",
            "Residents of border districts say trade across the river has slowed, and that they worry about drug trafficking.",
        ],
        "Южная граница Таджикистана: пока спокойно",
        "Душанбе укрепил посты вдоль Пянджа, сохраняя каналы связи с Кабулом.",
        [
            "На южной границе Таджикистана с Афганистаном пока спокойно, говорят чиновники в Душанбе.",
            "Правительство укрепило посты вдоль реки Пяндж, сохраняя при этом каналы связи с властями в Кабуле.",
            "Жители приграничных районов говорят, что торговля через реку замедлилась, и беспокоятся из-за наркотрафика.",
        ],
    ),
    "csto-exercises-kazakhstan": (
        [
            "The Collective Security Treaty Organisation, the regional security bloc, held drills in Kazakhstan this week.",
            "Troops from four countries rehearsed a response to an incursion across a mountain border.",
            "Observers noted that two member states sent only observers, a sign of strains inside the bloc.",
        ],
        "Региональный блок безопасности провёл учения в Казахстане",
        "Военные из четырёх стран отработали ответ на вторжение через горную границу.",
        [
            "Организация Договора о коллективной безопасности на этой неделе провела учения в Казахстане.",
            "Военные из четырёх стран отработали ответ на вторжение через горную границу.",
            "Наблюдатели обратили внимание, что два государства-члена прислали только наблюдателей, — признак разногласий внутри блока.",
        ],
    ),
    "uzbekistan-wto-accession": (
        [
            "Uzbekistan's bid to join the World Trade Organization is entering its final stretch, negotiators say.",
            "Most bilateral talks with members are done. The hardest questions left are about state support for farms and industry.",
            "Officials hope to finish before the WTO's next ministerial conference.",
        ],
        "Узбекистан выходит на финишную прямую переговоров о вступлении в ВТО",
        "Переговорщики говорят, что большинство двусторонних переговоров завершены; сложнее всего с господдержкой.",
        [
            "Переговоры Узбекистана о вступлении во Всемирную торговую организацию выходят на финишную прямую, говорят переговорщики.",
            "Большинство двусторонних переговоров завершено. Самые сложные вопросы касаются государственной поддержки сельского хозяйства и промышленности.",
            "Чиновники надеются закончить до следующей министерской конференции ВТО.",
        ],
    ),
    "kyrgyz-som-stable": (
        [
            "The Kyrgyz som has held steady against the dollar as remittances from abroad recover.",
            "The National Bank sold fewer dollars to support the currency this quarter than a year ago, its figures show.",
            "Importers say a stable som has helped keep the prices of fuel and food in check.",
        ],
        "Кыргызский сом стабилен на фоне восстановления переводов",
        "В этом квартале Нацбанк продал меньше долларов, чем год назад.",
        [
            "Кыргызский сом держится стабильно к доллару на фоне восстановления денежных переводов из-за рубежа.",
            "По данным Национального банка, в этом квартале он продал меньше долларов для поддержки валюты, чем год назад.",
            "Импортёры говорят, что стабильный сом помог сдержать цены на топливо и продукты.",
        ],
    ),
    "turkmen-caspian-ports": (
        [
            "Turkmenbashi port on the Caspian has added a ferry terminal that can take rail wagons.",
            "The new berth shortens crossings to Baku and lets freight stay on its wagons instead of being reloaded.",
            "Port officials say the terminal will double the number of ferry calls a week.",
        ],
        "В порту Туркменбаши открылся паромный терминал",
        "Новый причал принимает железнодорожные вагоны и сокращает время переправы в Баку.",
        [
            "В каспийском порту Туркменбаши открылся паромный терминал, способный принимать железнодорожные вагоны.",
            "Новый причал сокращает переправу в Баку и позволяет не перегружать грузы с вагонов.",
            "По словам руководства порта, терминал вдвое увеличит число паромных заходов в неделю.",
        ],
    ),
    "opinion-press-freedom": (
        [
            "A freer press would serve Central Asia's governments too. Officials who hear bad news early make fewer expensive mistakes.",
            "A local reporter who writes about a crumbling school or a corrupt tender gives the state a chance to act before the problem grows.",
            "Governments that jail journalists lose that early warning, and learn about failures when it is too late and too costly to fix them.",
        ],
        "Свободная пресса пошла бы на пользу и правительствам Центральной Азии",
        "Чиновники, которые рано узнают плохие новости, реже совершают дорогие ошибки.",
        [
            "Свободная пресса пошла бы на пользу и правительствам Центральной Азии. Чиновники, которые рано узнают плохие новости, реже совершают дорогие ошибки.",
            "Местный журналист, написавший о разрушающейся школе или нечестном тендере, даёт государству шанс вмешаться, пока проблема не разрослась.",
            "Правительства, сажающие журналистов, теряют это раннее предупреждение и узнают о провалах, когда исправлять их поздно и дорого.",
        ],
    ),
    "kazakh-elections-local": (
        [
            "Kazakhstan held direct elections for district mayors in several regions on Sunday.",
            "Turnout was modest, but candidates from outside the ruling party won several seats, the election commission said.",
            "Until recently district mayors were appointed; the government says more regions will vote next year.",
        ],
        "В Казахстане прошли прямые выборы акимов районов",
        "Явка была невысокой, но кандидаты не от правящей партии получили несколько мест.",
        [
            "В воскресенье в нескольких регионах Казахстана прошли прямые выборы акимов районов.",
            "Явка была невысокой, но, по данным избиркома, кандидаты не от правящей партии получили несколько постов.",
            "До недавнего времени акимов районов назначали; правительство говорит, что в следующем году голосовать будут и другие регионы.",
        ],
    ),
    "tajik-teachers-salaries": (
        [
            "Tajik teachers will get a 20 % pay rise from January, the government announced.",
            "Officials say the increase will help rural schools keep staff, many of whom leave to work abroad.",
            "Teachers' unions welcomed the rise but said salaries would still fall short of the cost of living in Dushanbe.",
        ],
        "Учителям в Таджикистане повысят зарплату на 20 %",
        "Правительство говорит, что повышение поможет сельским школам удержать кадры.",
        [
            "С января учителя в Таджикистане будут получать на 20 % больше, объявило правительство.",
            "По словам чиновников, повышение поможет сельским школам удержать учителей, многие из которых уезжают на заработки за границу.",
            "Профсоюзы учителей приветствовали решение, но отметили, что зарплаты всё равно не покрывают стоимость жизни в Душанбе.",
        ],
    ),
    "uzbek-healthcare-reform": (
        [
            "Uzbekistan is introducing mandatory health insurance region by region, starting after a pilot in Syrdarya.",
            "The pilot offers lessons and warnings: more patients saw a doctor, but clinics struggled with paperwork and late payments.",
            "The health ministry says the national rollout will take five years.",
        ],
        "Узбекистан вводит обязательное медицинское страхование по регионам",
        "Пилотный проект в Сырдарье даёт уроки — и предупреждения — для всей страны.",
        [
            "Узбекистан вводит обязательное медицинское страхование поэтапно, по регионам, после пилотного проекта в Сырдарьинской области.",
            "Пилот дал и уроки, и предупреждения: больше пациентов попали к врачу, но клиники не справлялись с документами и задержками оплаты.",
            "Министерство здравоохранения говорит, что переход по всей стране займёт пять лет.",
        ],
    ),
    "snow-leopard-census": (
        [
            "Camera traps in the Pamirs have counted more snow leopards than in the last survey, conservationists say.",
            "They credit community ranger programmes, in which villagers are paid to patrol and report poaching.",
            "The count will be repeated in three years, with more cameras in the Tajik and Kyrgyz parts of the range.",
        ],
        "Фотоловушки насчитали больше снежных барсов на Памире",
        "Защитники природы объясняют рост программами общественных егерей.",
        [
            "Фотоловушки на Памире зафиксировали больше снежных барсов, чем при прошлом учёте, сообщают защитники природы.",
            "Они объясняют рост программами общественных егерей: жители сёл получают плату за патрулирование и сообщения о браконьерах.",
            "Учёт повторят через три года, поставив больше камер в таджикской и кыргызской частях хребта.",
        ],
    ),
    "digest-week-in-review-2": (
        [
            "The week in Central Asia: power deals in Tajikistan and Kyrgyzstan, and a regional security drill in Kazakhstan.",
            "Pipelines were back on the agenda as Ashgabat pressed for Line D to China.",
            "And in the Pamirs, camera traps counted more snow leopards.",
        ],
        "Неделя в Центральной Азии: энергетика, трубопроводы и Памир",
        "Энергетические сделки, учения и хорошие новости о снежных барсах.",
        [
            "Неделя в Центральной Азии: энергетические соглашения в Таджикистане и Кыргызстане и учения регионального блока безопасности в Казахстане.",
            "Трубопроводы вернулись в повестку: Ашхабад добивается строительства «Линии D» в Китай.",
            "А на Памире фотоловушки насчитали больше снежных барсов.",
        ],
    ),
    "kazakh-grain-exports": (
        [
            "Kazakhstan's grain exports have reached a five-year high, the agriculture ministry says.",
            "A large harvest and new routes south through Iran and Afghanistan lifted sales of wheat and flour.",
            "Farmers say rail wagons remain scarce at harvest time, and that storage costs eat into their margins.",
        ],
        "Экспорт зерна из Казахстана достиг пятилетнего максимума",
        "Большой урожай и новые маршруты через Иран и Афганистан увеличили продажи.",
        [
            "Экспорт зерна из Казахстана достиг максимума за пять лет, сообщает министерство сельского хозяйства.",
            "Большой урожай и новые южные маршруты через Иран и Афганистан увеличили продажи пшеницы и муки.",
            "Фермеры говорят, что в сезон уборки по-прежнему не хватает вагонов, а хранение съедает их прибыль.",
        ],
    ),
    "ashgabat-marathon": (
        [
            "Thousands of runners took part in the Ashgabat marathon on Sunday, running through the capital's white-marble streets.",
            "The race drew its largest field yet, organisers said, including runners from abroad for the first time.",
            "The winner crossed the line in just over two hours and twenty minutes.",
        ],
        "Тысячи бегунов пробежали по беломраморным улицам Ашхабада",
        "Марафон собрал рекордное число участников, в том числе бегунов из-за рубежа.",
        [
            "В воскресенье тысячи бегунов приняли участие в Ашхабадском марафоне, пробежав по беломраморным улицам столицы.",
            "По словам организаторов, забег собрал рекордное число участников, впервые среди них были иностранцы.",
            "Победитель финишировал с результатом чуть больше двух часов двадцати минут.",
        ],
    ),
    "samarkand-tourism-boom": (
        [
            "Samarkand's tourism boom has tripled visitor numbers in five years, bringing crowds to the Registan and money to the city.",
            "But residents of the old town worry about rising rents and noise as houses become guest houses.",
            "The city council is considering limits on short-term lets in the historic centre.",
        ],
        "Туристический бум в Самарканде: толпы — и вопросы",
        "Число туристов выросло втрое; жители старого города беспокоятся из-за аренды и шума.",
        [
            "Туристический бум в Самарканде за пять лет утроил число гостей: толпы идут к Регистану, а в город приходят деньги.",
            "Но жители старого города беспокоятся из-за роста аренды и шума: дома превращаются в гостевые.",
            "Городской совет рассматривает ограничения на краткосрочную аренду в историческом центре.",
        ],
    ),
}
