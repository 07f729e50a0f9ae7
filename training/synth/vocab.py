"""Word lists the generator draws from: our own lists (names from many cultures, US places, clinical
vocabulary and hard negatives), written for phideid. Faker supplies further names and addresses
(see ``pools``). Nothing here comes from a clinical corpus.
"""

from __future__ import annotations

# --- names from cultures Faker's latin-script locales cover poorly: (first names, last names) ---------
CULTURE_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "chinese": (
        ("Wei", "Fang", "Min", "Jing", "Jun", "Hao", "Lei", "Yan", "Ming", "Hui", "Qiang", "Xiaoming", "Mei",
         "Lan", "Yu", "Zhen", "Tao", "Bo", "Xiu", "Li Na", "Jian", "Ping", "Ying", "Chen", "Zhiwei", "Yifan"),
        ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma",
         "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie", "Tang", "Feng",
         "Deng", "Cao"),
    ),
    "vietnamese": (
        ("Anh", "Minh", "Thanh", "Linh", "Huong", "Tuan", "Dung", "Hung", "Lan", "Mai", "Phuong", "Quang",
         "Thu", "Trung", "Hoa", "Khanh", "Duc", "Bao", "Long", "Thao", "Vinh", "Hieu", "Nga", "Tam"),
        ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Huynh", "Phan", "Vu", "Vo", "Dang", "Bui", "Do", "Ho",
         "Ngo", "Duong", "Ly", "Truong", "Dinh", "Lam", "Cao"),
    ),
    "korean": (
        ("Min-jun", "Seo-yeon", "Ji-ho", "Ji-woo", "Hyun-woo", "Soo-jin", "Eun-ji", "Dong-hyun", "Jae-won",
         "Young-ho", "Sung-min", "Hye-jin", "Jin", "Sang", "Yoon-hee", "Kyung", "Mi-rae"),
        ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo",
         "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong", "Baek"),
    ),
    "indian": (
        ("Priya", "Anjali", "Rahul", "Amit", "Sanjay", "Deepa", "Vikram", "Arjun", "Lakshmi", "Sunita",
         "Ravi", "Raj", "Kiran", "Neha", "Pooja", "Anil", "Suresh", "Meena", "Aarav", "Divya", "Harpreet",
         "Gurpreet",
         "Venkat", "Srinivas", "Padma", "Rajesh", "Kavita", "Nikhil", "Shreya", "Manoj"),
        ("Patel", "Shah", "Sharma", "Singh", "Kumar", "Gupta", "Reddy", "Rao", "Iyer", "Nair", "Desai",
         "Mehta", "Joshi", "Chatterjee", "Banerjee", "Mukherjee", "Pillai", "Menon", "Agarwal", "Kapoor",
         "Malhotra", "Bhatt", "Krishnan", "Subramanian", "Venkataraman", "Chaudhary", "Trivedi", "Ghosh"),
    ),
    "nigerian": (
        ("Chinedu", "Ngozi", "Oluwaseun", "Adaeze", "Emeka", "Funmilayo", "Tunde", "Chioma", "Ifeoma",
         "Babatunde", "Yetunde", "Obinna", "Amaka", "Kelechi", "Folake", "Uche", "Nneka", "Segun", "Bisi"),
        ("Okafor", "Adeyemi", "Okonkwo", "Eze", "Nwosu", "Balogun", "Adebayo", "Ogunleye", "Chukwu", "Obi",
         "Okeke", "Ibrahim", "Bello", "Abubakar", "Olawale", "Nwachukwu", "Oyelaran", "Adeleke", "Onyekachi"),
    ),
    "arabic": (
        ("Mohammed", "Ahmed", "Fatima", "Aisha", "Omar", "Ali", "Layla", "Youssef", "Khalid", "Nour", "Hana",
         "Samir", "Rania", "Tariq", "Yasmin", "Karim", "Mariam", "Ibrahim", "Mustafa", "Zainab", "Hamza"),
        ("Haddad", "Khalil", "Mansour", "Nasser", "Saleh", "Hassan", "Hussein", "Abdullah", "Al-Sayed",
         "El-Amin", "Farouk", "Aziz", "Rahman", "Karim", "Darwish", "Bakr", "Al-Masri", "Suleiman", "Qasim",
         "Haidar", "Abboud", "Nassar"),
    ),
    "irish": (
        ("Siobhan", "Niamh", "Aoife", "Ciaran", "Padraig", "Saoirse", "Eoin", "Declan", "Sinead", "Orla",
         "Cormac", "Roisin", "Fionnuala", "Seamus", "Grainne", "Brendan", "Colm", "Maeve", "Deirdre",
         "Aidan"),
        ("O'Brien", "O'Connor", "Murphy", "Kelly", "Sullivan", "Walsh", "McCarthy", "O'Neill", "Byrne",
         "Ryan", "Doyle", "Fitzgerald", "Gallagher", "Kavanagh", "McDonnell", "O'Sullivan", "Quinlan",
         "Donnelly", "McGrath", "Flaherty", "Mulcahy", "O'Donoghue"),
    ),
    "russian": (
        ("Dmitri", "Olga", "Sergei", "Natalia", "Yuri", "Svetlana", "Igor", "Tatiana", "Alexei", "Irina",
         "Vladimir", "Galina", "Nikolai", "Ludmila", "Boris", "Anya"),
        ("Ivanov", "Smirnov", "Kuznetsova", "Popov", "Sokolov", "Volkov", "Morozova", "Petrov", "Lebedev",
         "Novikova", "Fedorov", "Kozlov", "Pavlova", "Orlov", "Vasiliev"),
    ),
    "jewish": (
        ("Moshe", "Rivka", "Shira", "Avi", "Miriam", "Yosef", "Esther", "Chaim", "Leah", "Eli", "Ruth"),
        ("Goldberg", "Rosenberg", "Katz", "Cohen", "Levine", "Friedman", "Schwartz", "Weinstein", "Kaplan",
         "Feldman", "Greenbaum", "Abramowitz", "Shapiro", "Rosenthal", "Birnbaum", "Horowitz", "Adler"),
    ),
    "japanese": (
        ("Haruto", "Yuki", "Sakura", "Hiroshi", "Kenji", "Akiko", "Takeshi", "Yumi", "Kaori", "Satoshi"),
        ("Tanaka", "Suzuki", "Sato", "Takahashi", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi", "Ito",
         "Yamada", "Matsumoto", "Inoue"),
    ),
    "haitian": (
        ("Jean", "Marie", "Pierre", "Widlene", "Fabiola", "Jean-Baptiste", "Guerline", "Ricardo", "Nadege",
         "Wilson", "Islande", "Fritznel", "Rose-Marie", "Mackenson"),
        ("Jean-Louis", "Pierre-Louis", "Joseph", "Charles", "Desir", "Toussaint", "Augustin", "Baptiste",
         "Celestin", "Exantus", "Dorvil", "Fleurant", "St. Fleur", "Jean-Pierre"),
    ),
    "portuguese": (
        ("Manuel", "Joao", "Maria", "Fernanda", "Tiago", "Ines", "Luis", "Graca", "Rui", "Conceicao"),
        ("Medeiros", "Silva", "Santos", "Pereira", "Costa", "Furtado", "Rego", "Cabral", "Mendonca", "Sousa",
         "Amaral", "Pacheco", "Teixeira", "Raposo"),
    ),
}

#: first names that are also ordinary English words: hard for a model, so they appear often in name context
WORD_FIRST_NAMES = (
    "Hope", "Bill", "Rose", "Will", "Grace", "Mark", "Faith", "June", "April", "May", "Joy", "Dawn", "Amber",
    "Crystal", "Art", "Sunny", "Frank", "Guy", "Rich", "Sue", "Pat", "Don", "Ray", "Gene", "Bob", "Jack",
    "Iris", "Ivy", "Violet", "Holly", "Robin", "Summer", "Autumn", "Sky", "Brook", "Chase", "Hunter",
    "Mercy", "Patience", "Charity", "Destiny", "Harmony", "Pearl", "Ruby", "Jade", "Penny", "Sandy",
    "Rusty", "Buck", "Cliff", "Dale", "Glen", "Lane", "Miles", "Norman", "Drew", "Bud", "Woody", "Candy",
)
#: last names that are also ordinary words, eponym-like or clinical-looking
WORD_LAST_NAMES = (
    "Brown", "White", "Green", "Black", "Young", "King", "Hill", "Wood", "Stone", "Lamb", "Bush", "Rice",
    "Fox", "Bell", "Cook", "Baker", "Foster", "Walker", "Carpenter", "Gross", "Small", "Short", "Long",
    "Love", "Sweet", "Payne", "Moody", "Frost", "Snow", "Winter", "Bloom", "Blood", "Little", "Strong",
    "Hale", "Crane", "Cross", "Hart", "Nurse", "Doctor", "Best", "Rich", "Good", "Major", "Price", "Coffey",
    "Hardy", "Wise", "Ward", "Church", "Chambers", "House", "Banks", "Parks", "Fields", "Rivers", "Woods",
    "Murphy", "Levine", "Graves", "Wilson", "Addison", "Kelly", "Salter", "Homan", "Allen", "Miller",
    "Babin", "Cushing", "Whipple", "Nissen", "Crohn", "Homans", "Weber",
)

#: surnames kept out of the name pools: they are the hard negatives the tests check stay unlabelled
NEVER_NAMES = frozenset({"Foley", "Parkinson", "Gram", "Swan", "Ganz", "Doppler", "Holter", "Hickman",
                         "Babinski",
                         "Glasgow", "Hodgkin", "Bun", "Heparin"})

# --- places --------------------------------------------------------------------------------------------
US_STATES: tuple[tuple[str, str], ...] = (
    ("Alabama", "AL"), ("Alaska", "AK"), ("Arizona", "AZ"), ("Arkansas", "AR"), ("California", "CA"),
    ("Colorado", "CO"), ("Connecticut", "CT"), ("Delaware", "DE"), ("Florida", "FL"), ("Georgia", "GA"),
    ("Hawaii", "HI"), ("Idaho", "ID"), ("Illinois", "IL"), ("Indiana", "IN"), ("Iowa", "IA"),
    ("Kansas", "KS"), ("Kentucky", "KY"), ("Louisiana", "LA"), ("Maine", "ME"), ("Maryland", "MD"),
    ("Massachusetts", "MA"), ("Michigan", "MI"), ("Minnesota", "MN"), ("Mississippi", "MS"),
    ("Missouri", "MO"), ("Montana", "MT"), ("Nebraska", "NE"), ("Nevada", "NV"), ("New Hampshire", "NH"),
    ("New Jersey", "NJ"), ("New Mexico", "NM"), ("New York", "NY"), ("North Carolina", "NC"),
    ("North Dakota", "ND"), ("Ohio", "OH"), ("Oklahoma", "OK"), ("Oregon", "OR"), ("Pennsylvania", "PA"),
    ("Rhode Island", "RI"), ("South Carolina", "SC"), ("South Dakota", "SD"), ("Tennessee", "TN"),
    ("Texas", "TX"), ("Utah", "UT"), ("Vermont", "VT"), ("Virginia", "VA"), ("Washington", "WA"),
    ("West Virginia", "WV"), ("Wisconsin", "WI"), ("Wyoming", "WY"), ("Puerto Rico", "PR"),
)
#: colloquial state names used in notes
STATE_NICKNAMES = ("Mass", "Mass.", "Conn", "Calif", "Penn", "Jersey", "NYS", "Fla", "Tenn", "Wisc", "Mich")

#: (city, state abbreviation): real US towns and cities, weighted to New England
US_CITIES: tuple[tuple[str, str], ...] = (
    ("Boston", "MA"), ("Cambridge", "MA"), ("Somerville", "MA"), ("Quincy", "MA"), ("Brockton", "MA"),
    ("Worcester", "MA"), ("Springfield", "MA"), ("Lowell", "MA"), ("Lawrence", "MA"), ("Lynn", "MA"),
    ("Framingham", "MA"), ("Newton", "MA"), ("Brookline", "MA"), ("Dorchester", "MA"), ("Revere", "MA"),
    ("Malden", "MA"), ("Medford", "MA"), ("Waltham", "MA"), ("Plymouth", "MA"), ("Fall River", "MA"),
    ("New Bedford", "MA"), ("Salem", "MA"), ("Peabody", "MA"), ("Haverhill", "MA"), ("Chelsea", "MA"),
    ("Weymouth", "MA"), ("Braintree", "MA"), ("Natick", "MA"), ("Needham", "MA"), ("Dedham", "MA"),
    ("Milton", "MA"), ("Randolph", "MA"), ("Taunton", "MA"), ("Attleboro", "MA"), ("Marlborough", "MA"),
    ("Hyannis", "MA"), ("Falmouth", "MA"), ("Gloucester", "MA"), ("Beverly", "MA"), ("Leominster", "MA"),
    ("Fitchburg", "MA"), ("Pittsfield", "MA"), ("Roxbury", "MA"), ("Jamaica Plain", "MA"),
    ("East Boston", "MA"), ("South Boston", "MA"), ("Charlestown", "MA"), ("Hyde Park", "MA"),
    ("Mattapan", "MA"), ("West Roxbury", "MA"), ("Everett", "MA"), ("Woburn", "MA"), ("Billerica", "MA"),
    ("Providence", "RI"), ("Pawtucket", "RI"), ("Warwick", "RI"), ("Cranston", "RI"), ("Woonsocket", "RI"),
    ("Nashua", "NH"), ("Manchester", "NH"), ("Concord", "NH"), ("Portsmouth", "NH"), ("Salem", "NH"),
    ("Portland", "ME"), ("Bangor", "ME"), ("Lewiston", "ME"), ("Burlington", "VT"), ("Rutland", "VT"),
    ("Hartford", "CT"), ("New Haven", "CT"), ("Bridgeport", "CT"), ("Stamford", "CT"), ("Waterbury", "CT"),
    ("New York", "NY"), ("Brooklyn", "NY"), ("Bronx", "NY"), ("Queens", "NY"), ("Albany", "NY"),
    ("Buffalo", "NY"), ("Rochester", "NY"), ("Syracuse", "NY"), ("Yonkers", "NY"), ("Philadelphia", "PA"),
    ("Pittsburgh", "PA"), ("Allentown", "PA"), ("Scranton", "PA"), ("Newark", "NJ"), ("Trenton", "NJ"),
    ("Baltimore", "MD"), ("Washington", "DC"), ("Richmond", "VA"), ("Norfolk", "VA"), ("Charlotte", "NC"),
    ("Raleigh", "NC"), ("Durham", "NC"), ("Atlanta", "GA"), ("Savannah", "GA"), ("Miami", "FL"),
    ("Orlando", "FL"), ("Tampa", "FL"), ("Jacksonville", "FL"), ("Fort Lauderdale", "FL"),
    ("Boca Raton", "FL"), ("Naples", "FL"), ("Sarasota", "FL"), ("Nashville", "TN"), ("Memphis", "TN"),
    ("Louisville", "KY"), ("Cleveland", "OH"), ("Columbus", "OH"), ("Cincinnati", "OH"), ("Detroit", "MI"),
    ("Ann Arbor", "MI"), ("Chicago", "IL"), ("Milwaukee", "WI"), ("Minneapolis", "MN"), ("St. Paul", "MN"),
    ("St. Louis", "MO"), ("Kansas City", "MO"), ("Omaha", "NE"), ("Houston", "TX"), ("Dallas", "TX"),
    ("San Antonio", "TX"), ("Austin", "TX"), ("El Paso", "TX"), ("Phoenix", "AZ"), ("Tucson", "AZ"),
    ("Denver", "CO"), ("Salt Lake City", "UT"), ("Las Vegas", "NV"), ("Albuquerque", "NM"),
    ("Los Angeles", "CA"), ("San Diego", "CA"), ("San Francisco", "CA"), ("Oakland", "CA"),
    ("Sacramento", "CA"), ("Fresno", "CA"), ("Seattle", "WA"), ("Spokane", "WA"), ("Portland", "OR"),
    ("Honolulu", "HI"), ("Anchorage", "AK"), ("New Orleans", "LA"), ("Baton Rouge", "LA"),
    ("Birmingham", "AL"), ("Little Rock", "AR"), ("Des Moines", "IA"), ("Wichita", "KS"),
    ("Oklahoma City", "OK"), ("Tulsa", "OK"), ("Boise", "ID"), ("Billings", "MT"), ("Fargo", "ND"),
    ("Sioux Falls", "SD"), ("Cheyenne", "WY"), ("Charleston", "WV"), ("Charleston", "SC"),
    ("Columbia", "SC"), ("Jackson", "MS"), ("Wilmington", "DE"), ("San Juan", "PR"),
)
#: neighbourhoods, regions and landmarks: LOCATION
REGIONS = (
    "Cape Cod", "the Cape", "the North Shore", "the South Shore", "the Berkshires", "Martha's Vineyard",
    "Nantucket", "the Bronx", "Long Island", "Upstate New York", "New England", "the Midwest",
    "Southie", "Back Bay", "Beacon Hill", "the South End", "the North End", "Fenway", "Chinatown",
    "Logan Airport", "Fenway Park", "Central Park", "the Catskills", "Lake Winnipesaukee", "the Poconos",
)

COUNTRIES = (
    "Haiti", "Dominican Republic", "Puerto Rico", "Brazil", "Portugal", "Cape Verde", "Ireland", "Italy",
    "Greece", "Russia", "Ukraine", "Poland", "China", "Vietnam", "Cambodia", "Korea", "South Korea",
    "Japan", "India", "Pakistan", "Bangladesh", "Nigeria", "Ghana", "Ethiopia", "Somalia", "Kenya",
    "Egypt", "Lebanon", "Syria", "Iraq", "Iran", "Israel", "Turkey", "Mexico", "Guatemala", "El Salvador",
    "Honduras", "Colombia", "Peru", "Jamaica", "Trinidad", "Cuba", "Canada", "England", "Scotland", "UK",
    "Germany", "France", "Spain", "Thailand", "Philippines", "Albania", "Armenia", "Morocco", "Uganda",
)

HOSPITAL_SUFFIXES = (
    "General Hospital", "Medical Center", "Hospital", "Regional Medical Center", "Community Hospital",
    "Memorial Hospital", "University Hospital", "Health Center", "Rehabilitation Hospital",
    "Children's Hospital", "Deaconess", "Infirmary", "Hospital Center",
)
SAINTS = (
    "Mary", "Joseph", "Elizabeth", "Luke", "Vincent", "Anne", "Francis", "John", "Jude", "Margaret",
    "Catherine", "Michael", "Anthony", "Patrick", "Agnes", "Clare", "Raphael", "Barnabas",
)
FACILITY_KINDS = (
    "Nursing Home", "Rehab", "Rehabilitation Center", "Skilled Nursing Facility", "Manor", "House",
    "Assisted Living", "Hospice", "Care Center", "Health Care", "Senior Living", "Nursing and Rehab",
)
ORG_PATTERNS = (
    "{last} Construction", "{last} & Sons", "{city} Public Schools", "{city} Fire Department",
    "{city} Police Department", "VNA of {city}", "{last} Pharmacy", "{city} Elder Services",
    "{last} Insurance Agency", "{city} Housing Authority", "{last} Trucking", "{last} Electric",
    "{city} Savings Bank", "{last} Law Group", "{city} Council on Aging", "{last} Landscaping",
    "{city} Water Department", "{last} Dental Associates", "{last} Brothers Auto Body",
)
#: wards and buildings that contain a name or place: LOCATION
WARD_PATTERNS = (
    "{last} {n}", "{last} {n}", "the {last} Unit", "{last} Building", "{last} {n} North",
    "{last} Pavilion", "the {last} wing", "{last} {n}{wing}", "{last} ICU",
)

# --- professions (label PROFESSION) --------------------------------------------------------------------
PROFESSIONS = (
    "plumber", "teacher", "electrician", "carpenter", "truck driver", "nurse", "accountant", "lawyer",
    "attorney", "engineer", "software engineer", "firefighter", "police officer", "mechanic", "machinist",
    "cook", "chef", "waitress", "bartender", "secretary", "librarian", "professor", "pharmacist",
    "dentist", "physician", "bus driver", "cab driver", "mail carrier", "postal worker", "painter",
    "construction worker", "landscaper", "fisherman", "farmer", "janitor", "custodian", "housekeeper",
    "home health aide", "CNA", "security guard", "banker", "real estate agent", "salesman", "cashier",
    "hairdresser", "barber", "photographer", "architect", "pilot", "flight attendant", "social worker",
    "minister", "priest", "rabbi", "musician", "artist", "writer", "journalist", "welder", "roofer",
    "longshoreman", "bookkeeper", "chemist", "physicist", "veterinarian", "dental hygienist",
    "nursing assistant", "paramedic", "EMT", "contractor", "military officer", "marine", "soldier",
    "graduate student", "student", "web developer", "data analyst", "nanny", "day care worker",
    "factory worker", "textile worker", "shipyard worker", "ironworker", "printer", "tailor", "baker",
)

# --- clinical vocabulary and hard negatives (never labelled) ---------------------------------------------
DRUGS = (
    "furosemide", "lasix", "metoprolol", "lopressor", "heparin", "enoxaparin", "lovenox", "warfarin",
    "coumadin", "vancomycin", "vanco", "zosyn", "piperacillin-tazobactam", "cefepime", "ceftriaxone",
    "meropenem", "levofloxacin", "azithromycin", "metronidazole", "flagyl", "propofol", "fentanyl",
    "midazolam", "versed", "dexmedetomidine", "precedex", "norepinephrine", "levophed", "vasopressin",
    "phenylephrine", "neo", "dopamine", "dobutamine", "insulin", "lantus", "humalog", "pantoprazole",
    "protonix", "famotidine", "docusate", "colace", "senna", "bisacodyl", "lactulose", "morphine",
    "hydromorphone", "dilaudid", "oxycodone", "acetaminophen", "tylenol", "ibuprofen", "ketorolac",
    "lorazepam", "ativan", "haloperidol", "haldol", "quetiapine", "seroquel", "amiodarone", "diltiazem",
    "digoxin", "labetalol", "hydralazine", "lisinopril", "amlodipine", "atorvastatin", "aspirin", "plavix",
    "clopidogrel", "nitroglycerin", "albuterol", "ipratropium", "solumedrol", "methylprednisolone",
    "prednisone", "hydrocortisone", "potassium chloride", "KCl", "magnesium sulfate", "calcium gluconate",
    "sodium bicarbonate", "normal saline", "LR", "D5W", "albumin", "PRBC", "FFP", "platelets",
    "thiamine", "folate", "nicotine patch", "keppra", "levetiracetam", "phenytoin", "dilantin",
    "ondansetron", "zofran", "reglan", "metoclopramide", "bumetanide", "bumex", "spironolactone",
    "tube feeds", "Nepro", "Ensure", "Jevity", "Glucerna", "narcan", "flumazenil", "mannitol",
)
DOSE_FORMS = (
    "{drug} 40 mg IV BID", "{drug} 20mg IV x1", "{drug} 5 mg PO daily", "{drug} 1 g IV q12h",
    "{drug} 2.5mg IV q4h prn", "{drug} 650 mg PO q6h prn", "{drug} gtt at 1200 units/hr",
    "{drug} gtt @ 0.05 mcg/kg/min", "{drug} 25 mcg/hr", "{drug} 10 units SC qHS", "{drug} 1/2 tab PO",
    "{drug} 100 mcg IV push", "{drug} 12.5 mg PO TID", "{drug} 4 mg IV q8h", "{drug} 500 ml bolus",
    "{drug} 2 units", "{drug} 1 amp", "{drug} 40 mEq PO", "{drug} 2 gm IV", "{drug} 0.5 mg IV q2h prn",
)
LABS = (
    "K {k}", "Na {na}", "Cl {cl}", "BUN {bun}", "Cr {cr}", "Hct {hct}", "Hgb {hgb}", "WBC {wbc}",
    "Plt {plt}", "INR {inr}", "PT {pt}", "PTT {ptt}", "Mg {mg}", "Ca {ca}", "Phos {phos}", "Gluc {glu}",
    "lactate {lac}", "ABG {abg}", "CO2 {co2}", "trop {trop}", "CK {ck}", "ALT {alt}", "AST {alt}",
    "T bili {bili}", "albumin {alb}", "iCal {ical}", "BNP {bnp}", "ammonia {alt}", "Ph {ph}",
)
EPONYMS = (
    "Foley", "Swan-Ganz", "Gram stain", "Babinski", "Glasgow Coma Scale", "Murphy sign", "Hodgkin",
    "Parkinson's", "Alzheimer's", "Cushing's", "Crohn's", "Bell's palsy", "Trendelenburg", "Homans sign",
    "Kussmaul breathing", "Cheyne-Stokes", "Levine sign", "Whipple", "Nissen", "Roux-en-Y", "Hickman",
    "Quinton", "Groshong", "Miami J collar", "Jackson-Pratt", "JP drain", "Salem sump", "Dobhoff",
    "Pleur-evac", "Ambu bag", "Yankauer", "Doppler", "Holter", "Allen test", "Romberg", "Kernig sign",
    "Brudzinski", "Chvostek", "Graves", "Hashimoto's", "Addison's", "Guillain-Barre", "Kerley B lines",
    "Mallory-Weiss", "Barrett's", "Wernicke's", "Korsakoff", "Bair Hugger", "Hoyer lift", "Posey",
    "Stryker frame", "Pyxis", "Ranson criteria", "Apgar", "Wells score", "Child-Pugh", "Gleason",
    "Breslow", "Clark level", "Bishop score", "Rinne", "Weber", "Lyme", "Down syndrome", "Tourette",
    "Raynaud's", "Sjogren's", "Wolff-Parkinson-White", "Mobitz", "Wenckebach", "Osborn waves",
    "Kaposi", "Epstein-Barr", "Reed-Sternberg", "Howell-Jolly bodies", "Schatzki ring", "Zenker's",
    "Meckel's", "Hirschsprung", "Baker's cyst", "Colles fracture", "Boxer's fracture", "Jones fracture",
)
UNITS_PLAIN = (
    "MICU", "SICU", "CCU", "CVICU", "TSICU", "NICU", "PACU", "ED", "floor", "step-down", "tele", "OR",
    "cath lab", "IR", "dialysis", "rehab", "CT", "MRI", "ICU", "medicine floor", "7 North", "4 West",
    "6 South", "11 East", "the unit", "the floor",
)
SCORES = (
    "GCS 15", "GCS 3T", "GCS 11", "RASS -2", "RASS 0", "RASS +1", "CIWA 8", "CIWA 14", "CPOT 2",
    "Braden 14", "Morse 45", "pain 3/10", "pain 7/10", "pain 0/10", "NIHSS 4", "APACHE 22", "SOFA 6",
    "MELD 24", "FiO2 40%", "PEEP 5", "PS 10/5", "TV 450", "Vt 500", "MAP 65", "CVP 8", "UOP 30cc/hr",
    "I/O +1.2L", "LOS -500", "5/5 strength", "2+ pulses", "1+ edema", "3mm brisk", "20/20",
)
REL_TIMES = (
    "2 weeks ago", "3 days ago", "yesterday", "last night", "this am", "overnight", "earlier today",
    "this afternoon", "x 2 days", "for 1 week", "several months ago", "POD #3", "POD 1", "HD #5",
    "day 4 of 7", "since admission", "at baseline", "in 48 hrs", "tomorrow", "later today", "last week",
    "2 yrs ago", "this evening", "q4h", "x3", "x24h", "prior to arrival", "on arrival",
)
RELATIONS = (
    "wife", "husband", "son", "daughter", "mother", "father", "sister", "brother", "niece", "nephew",
    "granddaughter", "grandson", "partner", "girlfriend", "boyfriend", "friend", "neighbor", "aunt",
    "uncle", "cousin", "daughter-in-law", "son-in-law", "stepdaughter", "fiance", "HCP", "guardian",
)
HOLIDAYS = (
    "Christmas", "Thanksgiving", "New Year's", "Easter", "July 4th", "Labor Day", "Memorial Day",
    "Christmas Eve", "New Year's Eve", "Halloween", "Valentine's Day", "Mother's Day", "Father's Day",
    "Veterans Day", "Passover", "Rosh Hashanah", "Hanukkah", "Ramadan", "Easter Sunday", "Good Friday",
    "MLK Day", "Presidents Day", "Columbus Day", "Patriots Day", "Fourth of July", "Independence Day",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAYS_SHORT = ("Mon", "Tue", "Tues", "Wed", "Thu", "Thurs", "Fri", "Sat", "Sun")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
EMAIL_DOMAINS = ("gmail.com", "yahoo.com", "hotmail.com", "aol.com", "comcast.net", "verizon.net",
                 "outlook.com", "icloud.com", "partners.org", "bmc.org", "health.org", "hosp.org")
