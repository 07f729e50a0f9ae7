"""Note kinds: each builds the sections of one note from templates (see ``phi`` for the template markup).

All wording here is our own. ICU nursing progress notes get the most variety, since the model is judged on
them: terse system-by-system lines, semicolons, abbreviations, times and vitals, with the PHI that such
notes actually hold (family and clinicians by name, outside hospitals, dates, phone numbers).
"""

from __future__ import annotations

from collections.abc import Callable

from training.synth.build import Piece
from training.synth.phi import Ctx

Sections = list[list[Piece]]

# --- ICU nursing progress notes ----------------------------------------------------------------------

ICU_HEADERS = (
    "Nursing Progress Note {shift}",
    "NPN {shift}",
    "[MICU|SICU|CCU|CVICU|TSICU] Nursing Progress Note[ {shift}|]",
    "Nursing note {today} {shift}",
    "NSG NOTE {shift}:",
    "{today} {time} Nursing Progress Note",
    "[MICU|CCU|SICU] NPN [7a-7p|7p-7a|days|nights]",
    "Nursing Progress Note, {ward}, {today}",
    "RN Progress Note {datetime}",
    "",
    "",
    "Pt is a {age_num} [yo|y/o|year old|yo] {sex} admitted {date} [from|via] {osh} [with|w/|for] "
    "[pneumonia|sepsis|UGIB|CHF exacerbation|"
    "COPD flare|DKA|ETOH withdrawal|NSTEMI|resp failure|SAH|pancreatitis|urosepsis].",
    "{age_num}[ yo| y/o|yo|] {sex} [POD #2|POD 1|HD 3|day 5] s/p [CABG "
    "x3|AVR|ex-lap|Whipple|craniotomy|ORIF hip|EGD|cath] [on {date_num}|{reltime}].",
)

ICU_SYSTEMS: dict[str, tuple[str, ...]] = {
    "Neuro": (
        "MS: [alert, oriented x3|confused, reorients easily|lethargic]; [MAE|moves all ext] [equally|weakly]",
        "[Will|will] [cont to|] monitor neuro status q[2|4]h; [Hope|hope] to [lighten|wean] sedation [in "
        "am|today]",
        "A&Ox3, MAE, follows commands[.|;] PERRL [3mm|2mm|4mm] brisk[.|]",
        "A&Ox[1|2|3|4][,|;] [forgetful|confused at times|calm and cooperative|anxious at times] ; {score}",
        "sedated on propofol [20|30|40] mcg/kg/min; {score}; [withdraws to pain|opens eyes to voice|no "
        "response to voice]",
        "[lethargic|drowsy] but arousable[,|;] oriented to self only[.|] {score}",
        "alert, [pleasant|appropriate|anxious], MAE[.|;] c/o [HA|back pain|incisional pain] {score}, "
        "[tylenol|oxycodone 5mg] given w/ relief",
        "[intermittently|] agitated overnight, pulling at lines; haldol [2|5] mg IV x1 w/ good effect. "
        "{score}",
        "CIWA [8|12|16|4]; ativan [1|2] mg IV x[1|2]. pt [tremulous|diaphoretic|calm]",
        "neuro checks q[1|2|4]h, [unchanged|stable]; pupils [3mm|2mm] equal and reactive; Babinski "
        "[neg|upgoing on L]",
        "sleeping in naps; easily [arousable|awakened]; states [he|she] [will|would] try to rest",
        "GCS [15|14|10T|8T]; [moves all ext|weak L side|R hemiparesis]; speech [clear|slurred|garbled]",
    ),
    "CV": (
        "[NSR|SR|ST|AF] [60s-70s|80s-90s|100s-110s]; {bp}; no ectopy noted[.|]",
        "{hr}, {bp}[,|;] [+pp|pulses palpable|dopplerable pedal pulses]; [trace|1+|2+] edema BLE",
        "[AFib|afib w/ RVR] [110s-130s], dilt gtt at [5|10|15] mg/hr; {bp}",
        "levophed at [0.05|0.08|0.1|0.12] mcg/kg/min to keep MAP >[60|65]; [weaning as tol|unable to wean]",
        "K [3.3|3.5|3.6] repleted w/ [40|20] mEq KCl [IV|PO]; Mg [1.6|1.8] repleted",
        "{vitals}",
        "hypotensive to [80s|70s]/40s {time}, [500cc|1L] NS bolus given w/ good response; {dr} aware",
        "[PPM|pacemaker|ICD|AICD] in place[ (serial # {device})| - device ID {device}|]; [paced at "
        "70|V-paced 60s|no shocks]",
        "Swan-Ganz in place, CO [4.2|5.1|3.8] CI [2.1|2.6] PA [40s|30s]/20s; CVP [8|12|14]",
        "tele[:|-] [NSR|SB] w/ [occ PVCs|rare PACs|no ectopy]; {bp}",
        "heparin gtt at [900|1100|1200|1350] units/hr, PTT [68|72|85] @ {time}, [no change|rate decreased "
        "per protocol]",
        "{dose}; {bp} after, {hr}",
    ),
    "Resp": (
        "LS [clear|coarse|diminished at bases|crackles bilat bases] ; on {o2} w/ sats "
        "[92|94|95|96|98]-[99|100]%",
        "[remains|] intubated on {o2}; sxn'd for [small|mod|large] amts [thick tan|thin white|bloody] "
        "secretions",
        "{o2}, RR [16-22|20s|12-18], [no|min] resp distress; [weak|strong|congested] "
        "[non-productive|productive] cough",
        "[extubated|self-extubated] at {time} to {o2}; [tolerating well|some stridor, racemic epi given]",
        "ABG {lab}; vent changes made per [RT|resp therapy|{dr}]",
        "CPAP trial {time}-{time}, [tolerated|failed d/t tachypnea]; back on AC overnight",
        "IS [500|750|1000] cc; encouraged C&DB; [CXR this am|am CXR] [pending|unchanged]",
        "sats drop to [86|88]% w/ activity; [will|to] [wean O2 as tol|cont current O2]",
    ),
    "GI": (
        "abd soft, [NT/ND|distended, nontender|firm], +BS[.|;] [tol clears|NPO|TF at goal 60cc/hr|tol reg "
        "diet]",
        "[no BM|BM x1 formed|loose stool x3, c diff sent] this shift; [colace|senna|lactulose] given",
        "OGT to LIS, [scant|mod|300cc] [bilious|coffee ground] output; protonix IV",
        "TF [Nepro|Jevity|Glucerna|Promote] at [20|40|60] cc/hr via [OGT|NGT|Dobhoff|PEG], residuals "
        "<[50|100]",
        "[poor|fair|good] appetite; [ate 50% of dinner|refused breakfast]; [nausea|no nausea], zofran 4mg "
        "IV x1",
        "FS [120s-180s|200s], covered w/ [SSI|humalog] per scale; [lantus|glargine] [10|20] units qHS",
    ),
    "GU": (
        "IN: [2.1L|1800cc|950cc] OUT: [1.5L|2200cc|600cc]; [net +|net -|net even]",
        "[urine|UOP] [dropped|fell] to [15|20|25] cc/hr; [bladder scan|BS] [negative|450cc], [flushed "
        "foley|foley replaced]",
        "foley [patent|draining] [clear yellow|amber|cloudy|pink-tinged] urine [30-60|40-80|>100] cc/hr",
        "Foley d/c'd at {time}; [voiding qs|due to void by {time}|bladder scan 250cc]",
        "UOP [marginal|adequate|poor], [lasix 40mg IV|bumex 1mg IV] given w/ [good|fair|no] response; {labs}",
        "[BUN|Cr] trending [up|down]; {labs}; [renal following|CVVH running at 200 ml/hr]",
        "I/O [+1.2L|-800cc|even] for shift; UOP {num} cc",
    ),
    "ID": (
        "Tmax [99.1|100.4|101.2|38.3]; [vanco|zosyn|cefepime|flagyl|meropenem] as ordered; WBC "
        "[9.8|12.1|15.3|4.2]",
        "afebrile; [blood|urine|sputum] cx [pending|NGTD|+ GPC in clusters]; Gram stain [pending|GNRs]",
        "[cont|on] {drug}; [vanco trough|level] {time} [pending|14.2]",
        "[contact|droplet] precautions for [MRSA|VRE|C diff|flu]",
    ),
    "Skin": (
        "[intact|warm/dry/intact|grossly intact]; [coccyx reddened, blanchable|stage 2 on sacrum, duoderm "
        "applied]; turned q2h",
        "incision [C/D/I|w/ staples, no drainage|dressing changed]; [JP drain|Jackson-Pratt] w/ [30|50] cc "
        "serosang",
        "[L|R] [IJ|SC|femoral] CVL [site clean|dsg changed {date_num}]; [PICC|A-line] [intact|flushes well]",
        "[bruising|ecchymosis] noted [L arm|abd]; [Bair Hugger|Kinair bed|air mattress] in use",
    ),
    "Heme": (
        "Hct [21.5|24|26.8|28] this am, [1 unit|2 units] PRBC given w/o reaction; repeat Hct {time}",
        "{labs}; [no s/s bleeding|oozing from line site]; [sc heparin|pneumoboots] for DVT ppx",
        "INR [1.2|1.8|2.6|3.4], [coumadin held|vit K 5mg given|FFP x2 given] per {dr}",
    ),
    "Access": (
        "[PIV x2|L PIV 20g, R PIV 18g|R IJ TLC|PICC R arm|L radial A-line], [patent|intact]",
        "[A-line|Swan] [dampened|whips], [zeroed and leveled|re-sutured] {time}",
    ),
    "Pain": (
        "c/o [incisional|back|abd|chest wall] pain {score}; [morphine 2mg IV|dilaudid 0.5mg IV|oxycodone "
        "5mg PO] given",
        "[denies|reports] pain; [fentanyl gtt at 50 mcg/hr|tylenol 650mg PO q6h prn]",
    ),
    "Social": (
        "{rel} in to visit[,|;] updated [re:|on] plan of care[.|] [supportive|very involved|anxious]",
        "{rel} called for update[,|;] [can be reached at|ph|cell|#] {phone}",
        "HCP is {rel} [({phone})|- {phone}|]",
        "family mtg w/ {dr} and {dr} at {time}[;|,] family wishes [to make pt DNR/DNI|to continue full "
        "care|CMO]",
        "lives [alone|w/ {relation}] in {city}[;|,] {prof}",
        "[pt|Pt] is a {prof_bare} from {city}, {state}; {relation} {relname} at bedside",
        "{relation} {relname} will be in {dow}[ am| pm|]; [wants to speak w/ team|requesting family mtg]",
        "[SW|social work|case mgmt] ({rn_first}) following; [emailed|spoke to] {relation} at {email}",
        "[pt from|pt resides at|d/c plan back to] {facility} in {city}",
        "[plans|wishes] to return to {country} [after discharge|to be with family]; [interpreter|Spanish "
        "interpreter] used",
        "family [visiting|staying] [at|in] {region} for [the week|the holidays]; will visit after {holiday}",
        "no family [in|at] bedside this shift; {relation} ({relname}) called x[1|2] from {city}",
        "[emergency contact|EC]: {relname} {phone}",
        "{relation} {relname} is a {prof_bare} and asking [detailed|many] questions",
    ),
    "Dispo": (
        "[to OR|OR] [in am|tomorrow|today] for [trach/PEG|ex-lap|washout]; consent [signed|obtained from "
        "{relation}]",
        "[PA view|PA and lat CXR] [ordered|done {time}]; [ME|medical examiner] [notified|case, pending]",
        "[full code|DNR/DNI|DNR OK to intubate]; [remains in|to stay in] {unit} [for now|tonight|until "
        "{dow}]",
        "[plan to transfer to|?transfer to] [floor|{ward}|{unit}] [in am|when bed avail|{dow}]",
        "[awaiting|screening for] [rehab|{facility}] bed; [case mgmt|CM] following",
        "[f/u|follow up] w/ {dr} [re: plan|in am|this afternoon]",
        "[to OR|to IR|to cath lab] [in am|{dow}|{date_num}] w/ {dr}; NPO after MN",
    ),
}

ICU_MD_LINES = (
    "[MD|team|resident|NP|covering MD|house officer] aware[.|]",
    "[Will|will] [cont to monitor|recheck lytes at {time}|page MD if SBP <90]",
    "[BP rose to|SBP rose to] [160s|170s|180s] w/ [agitation|turning|suctioning], [resolved|improved] w/ "
    "[rest|{drug}]",
    "skin tear [L forearm|R hand] marked [w/ pen|and dressed]; [Mark|mark] [site|area] [q shift|daily]",
    "[Hope|hope] to [extubate|transfer out|d/c A-line] [in am|tomorrow|{dow}]",
    "[Pt|pt] transferred from {osh} [on|] {date}[ for higher level of care|]; [records|images] "
    "[received|requested]",
    "[pt's|Pt's] {relation} {relname} called at {time}[, updated|; update given by {rn_first}]",
    "{relation} [{relname}|] [({phone})|{phone}] [would like|requests] a call [from team|if any changes]",
    "{pt_ref} [seen at|followed at|has PCP at] {osh} [since {year}|in {month_year}|]",
    "[Events|Overnight events|EVENTS][:|-] [none|{dr} in to see pt {time}|code called {time}, ROSC after 2 "
    "min]",
    "[pt came up from|transferred in from|received from] {ward} [at|@] {time}[ on {date}|]",
    "[family|{relation}] [lives|staying] [on|in|near] {region}; [long drive|2 hrs away|will visit {dow}]",
    "[ID band|ID bracelet] checked: {pt_full}[, MRN {mrn}|]",
    "{dr} aware[.|]",
    "{dr} notified of [K 3.1|Hct 22|UOP <30cc/hr x2h|SBP 80s|temp 101.4], [orders received|no new "
    "orders|will follow]",
    "paged {dr} [{pager}|] re: [hypotension|low UOP|agitation|pain], [awaiting call back|see orders]",
    "d/w {dr} [at|@] {time}[,|;] [cont current plan|ok to hold heparin|will obtain CT head]",
    "per {dr} [hold|cont|start] {drug}",
    "[covering|night] [MD|resident|NP] {new_dr} [in to see pt|aware of pt status]",
    "[ortho|surgery|renal|cards|GI|ID|neuro] ({dr}) [consulted|following|in to see pt {time}]",
    "will [check|recheck] {lab} at {time}; {dr} [to be|] made aware",
    "[rounded|seen] [w/|by] {dr} and team[.|]",
)

ICU_ASSESS = (
    "A: [hemodynamically stable|stable|resp status improving|cont to require pressors|tenuous]",
    "A/P: [stable, cont to monitor|cont current tx|cont to wean vent as tol]",
    "A: [pt comfortable|improved from yesterday|unchanged], {vitals}",
    "Assessment: [improving|stable|declining]; [will|to] cont supportive care",
)
ICU_PLAN = (
    "P: cont to monitor; [wean levophed as tol|f/u {labs}|support pt and family|update {relation} {relname}]",
    "Plan: [?transfer to floor in am|PT/OT consult|SBT in am|repeat lytes {time}]; [will|to] update {dr}",
    "P- [cont abx|cont current plan|monitor I/O closely]; [family updated|{relation} aware]",
    "Plan: [d/c foley|OOB to chair|advance diet] [in am|{dow}]; [will|] [hope to|] [extubate {dow}|wean "
    "sedation]",
)
ICU_SIGN = (
    "{rn}", "{rn}", "- {rn}", "{rn} {time}", "{rn_first} RN {today}",
    "[Signed|Electronically signed] by {rn} [on|] {datetime}",
    "", "", "{rn}, pager {pager}",
)


def icu_nursing(ctx: Ctx) -> Sections:
    rng = ctx.rng
    sections: Sections = []
    header = rng.choice(ICU_HEADERS)
    if header:
        sections.append(ctx.render(header + "\n"))
    style = rng.random()
    order = list(ICU_SYSTEMS)
    core = ("Neuro", "CV", "Resp", "GI", "GU", "Social")
    keep = [k for k in order if rng.random() < (0.85 if k in core else 0.4)]
    md_lines = rng.sample(ICU_MD_LINES, rng.randint(0, 3))
    line_sep = rng.choice(("\n", "\n", "\n", ". ", "; ", "\n\n"))
    labels = rng.choice((
        {"Neuro": "Neuro", "CV": "CV", "Resp": "Resp", "GI": "GI", "GU": "GU", "ID": "ID", "Skin": "Skin",
         "Heme": "Heme", "Access": "Access", "Pain": "Pain", "Social": "Social", "Dispo": "Dispo"},
        {"Neuro": "NEURO", "CV": "CV", "Resp": "RESP", "GI": "GI", "GU": "GU", "ID": "ID", "Skin": "SKIN",
         "Heme": "HEME", "Access": "LINES", "Pain": "PAIN", "Social": "SOCIAL", "Dispo": "DISPO"},
        {"Neuro": "neuro", "CV": "cv", "Resp": "resp", "GI": "gi", "GU": "gu", "ID": "id", "Skin": "skin",
         "Heme": "heme", "Access": "access", "Pain": "pain", "Social": "social", "Dispo": "dispo"},
        {"Neuro": "N", "CV": "CV", "Resp": "R", "GI": "GI", "GU": "GU", "ID": "ID", "Skin": "Skin/integ",
         "Heme": "Heme", "Access": "Lines", "Pain": "Comfort", "Social": "Psychosocial", "Dispo": "Dispo"},
    ))
    body: list[Piece] = []
    if style < 0.25:
        body.append(("O: " if rng.random() < 0.6 else "D: ", None))
    for i, system in enumerate(keep):
        n = 1 if rng.random() < 0.6 else 2
        lines = rng.sample(ICU_SYSTEMS[system], min(n, len(ICU_SYSTEMS[system])))
        if md_lines and rng.random() < 0.35:
            lines.append(md_lines.pop())
        if i:
            body.append((line_sep, None))
        if style < 0.85:
            body.append((labels[system], None))
            body.extend(ctx.render("{sep}"))
        body.extend(ctx.lines(lines, sep=rng.choice(("; ", ". ", ", ", " "))))
    for md in md_lines:
        body.append((line_sep, None))
        body.extend(ctx.render(md))
    body.append(("\n", None))
    sections.append(body)
    tail = []
    if rng.random() < 0.75:
        tail.append(rng.choice(ICU_ASSESS))
    if rng.random() < 0.8:
        tail.append(rng.choice(ICU_PLAN))
    sign = rng.choice(ICU_SIGN)
    if sign:
        tail.append(sign)
    if tail:
        sections.append(ctx.lines(tail))
    return sections


# --- discharge summaries -------------------------------------------------------------------------------

def discharge(ctx: Ctx) -> Sections:
    head = ctx.lines([
        "[Admission Date|Date of Admission|ADMIT DATE]: {date}   [Discharge Date|Date of Discharge]: {date}",
        "[Date of Birth|DOB]: {dob}   Sex: {mf}",
        "[Service|SERVICE]: [MEDICINE|SURGERY|CARDIOLOGY|NEUROLOGY|MICU]",
        "[Attending|ATTENDING|Attending Physician]: {dr_full}[, MD| MD|]",
        "[MRN|Medical Record #|Unit No]: {mrn}[   Acct: {acct}|][   SSN: {ssn}|   Soc Sec #: {ssn}||]",
    ])
    hpi = ctx.lines([
        "\n[HISTORY OF PRESENT ILLNESS|HPI|History of Present Illness]:",
        "{pt} is a {age_num} [year old|yo|y/o] {sex} with [a history of|h/o|PMH significant for] "
        "[CHF|COPD|DM2, HTN|ESRD on HD|CAD s/p CABG|afib on coumadin|Parkinson's disease|Hodgkin lymphoma] "
        "who "
        "presented to {osh} on {date} with [SOB|chest pain|fever and confusion|melena|a fall at home]. "
        "[{He} was found by {his} {relation} {relname}|{His} {relation} called EMS|{He} was seen by {his} "
        "PCP, {dr},] "
        "[{reltime}|on {dow}|the morning of {date_num}]. [At the OSH|There] {he} was noted to have {labs} "
        "and was "
        "[started on {dose}|given {dose}] before transfer to {hosp} for [further management|ICU care|cath].",
        "[In the ED|On arrival] {vitals}. {labs}. [CXR|CT head|EKG] [unremarkable|showed RLL "
        "infiltrate|NSR, no ST changes].",
    ])
    course = ctx.lines([
        "\n[HOSPITAL COURSE|Hospital Course|BRIEF HOSPITAL COURSE]:",
        "1. [Pneumonia|Sepsis|CHF exacerbation|GI bleed]: treated with {dose} [and {drug}|]. [Gram "
        "stain|Blood cultures] "
        "[showed GPCs|were negative]. {He} improved and was [weaned to RA|diuresed 4L] by {date_num}.",
        "2. [Afib|AKI|Hyponatremia|Delirium]: {labs}. [Held|Continued] {drug}; [renal|cardiology|neurology] "
        "({dr}) [was consulted|followed]. [Foley removed {date_num}|Swan-Ganz removed HD 3].",
        "[3. Code status: [DNR/DNI|Full code], confirmed with {relation} {relname} (HCP).|3. FEN: {lab}, "
        "repleted prn.]",
    ])
    social = ctx.lines([
        "\n[SOCIAL HISTORY|Social History]: [Lives with {relation} in {city}|Lives alone in {city}, {state}|"
        "Resides at {facility}]. [{prof}.|Retired {prof_bare}.|Worked as a {prof_bare} at {org}.] "
        "[Emigrated from {country} in {year}.|"
        "Former smoker, quit {year}.|No ETOH.]",
    ])
    dispo = ctx.lines([
        "\n[DISCHARGE DISPOSITION|Discharge Disposition]: [Home with services|Extended care|Home|Rehab]"
        "[: {facility}|: VNA of {city}|]",
        "[DISCHARGE MEDICATIONS|Discharge Medications]:",
        "1. {dose}\n2. {dose}\n3. {dose}[\n4. {dose}|]",
        "[FOLLOWUP INSTRUCTIONS|Followup Instructions|Follow-up]: [Dr.|With] {dr_last} [({phone})|at "
        "{hosp_short}|"
        "in [Cardiology|Clinic]] on {date} at {time}[; call {phone} to confirm|]",
        "\n{dr_full}[, MD| MD|] [{pager}|]",
        "[Dictated|Completed] by: {dr} {datetime}[  JOB#: {idnum}|]",
    ])
    return [head, hpi, course, social, dispo]


# --- radiology -----------------------------------------------------------------------------------------

def radiology(ctx: Ctx) -> Sections:
    exam = ctx.rng.choice((
        "CHEST (PORTABLE AP)", "CT HEAD W/O CONTRAST", "CT ABD/PELVIS W/ CONTRAST", "MRI BRAIN",
        "CHEST PA AND LAT",
        "RENAL U.S.", "CTA CHEST", "BILAT LOWER EXT VEINS", "KUB", "ECHO (TTE)",
    ))
    findings = ctx.rng.choice((
        "ET tube terminates [4|5] cm above the carina. [R|L] IJ line tip in the SVC. [Mild|Moderate] "
        "pulmonary edema. "
        "[Small|No] bilateral pleural effusions. No pneumothorax. Swan-Ganz catheter tip in the "
        "[right|left] PA.",
        "No acute intracranial hemorrhage or mass effect. [Chronic small vessel ischemic changes.|Old L MCA "
        "infarct.] "
        "Ventricles [normal|prominent] in size.",
        "[Heart size normal|Cardiomegaly]. Lungs [clear|with LLL opacity, atelectasis vs pneumonia]. Kerley "
        "B lines "
        "[present|absent]. PA view limited by rotation.",
        "Foley catheter in the bladder. [Moderate|No] free fluid. Gallbladder [distended|normal]; Murphy "
        "sign [positive|negative] per tech.",
        "No DVT in the [right|left|bilateral] lower extremity. Doppler waveforms normal.",
    ))
    head = ctx.lines([
        "[{hosp}|{hosp_short}] [Department of Radiology|RADIOLOGY|Imaging]",
        "[Name|PATIENT]: {pt_full}   [MRN|MR#]: {mrn}   [DOB|Age]: [{dob}|{age}]",
        "[EXAM|Exam|STUDY]: " + exam + "   [Date|DATE]: {datetime}[   Accession #: {idnum}|]",
        "[Ordering|Referring] physician: {dr}[ ({pager})|]",
    ])
    body = ctx.lines([
        "\n[CLINICAL HISTORY|INDICATION|HISTORY]: {age_num} [yo|y/o|year old|yo] {sex} with "
        "[SOB|fever|AMS|s/p fall|abd pain|line placement]"
        "[, ?PNA|, eval for bleed|, r/o PE|].",
        "[COMPARISON|Comparison]: [{date}|None|Prior study of {date_num}|{month_year} from {osh}].",
        "[FINDINGS|Findings]: " + findings,
        "[IMPRESSION|Impression]: [1. |][No acute process.|As above.|Interval worsening of edema.|Findings "
        "discussed with {dr} "
        "by [phone|telephone] at {time} on {date}[ by {new_dr}|].]",
        "\n[Dictated|Read] by: {new_dr}[ | ]{datetime}",
    ])
    return [head, body]


# --- pathology ---------------------------------------------------------------------------------------

def pathology(ctx: Ctx) -> Sections:
    head = ctx.lines([
        "[SURGICAL PATHOLOGY REPORT|Surgical Pathology|CYTOLOGY REPORT|PATHOLOGY CONSULTATION]",
        "[Accession No|Accession #|Case]: {idnum}   [Received|Collected]: {date}",
        "Patient: {pt_full}   MRN: {mrn}   DOB: {dob}[   Age: {age_num}|]",
        "[Submitting physician|Clinician|Surgeon]: {dr}[, {hosp}|]",
    ])
    spec = ctx.rng.choice(("A. Colon, sigmoid, resection", "A. Skin, left forearm, shave biopsy",
                           "A. Lymph node, right axillary, excision", "A. Prostate, needle biopsies (12)",
                           "A. Lung, RUL, wedge resection", "A. Gallbladder, cholecystectomy",
                           "A. Stomach, antrum, biopsy", "A. Breast, left, core biopsy"))
    body = ctx.lines([
        "\n[SPECIMEN|Specimen(s)]: " + spec,
        "[GROSS DESCRIPTION|Gross]: Received [in formalin|fresh] labeled with the patient's name [({pt})|] "
        "and "
        "[\"sigmoid colon\"|\"skin\"|\"node\"|\"prostate\"] is a [tan-pink|gray-white|rubbery] "
        "[fragment|segment|core] "
        "measuring [1.2 x 0.8 x 0.3 cm|14 cm in length|0.5 cm]. [Entirely submitted in cassettes "
        "A1-A3.|Representative sections submitted.]",
        "[MICROSCOPIC|Microscopic]: [Sections show|There is] [reactive changes|chronic "
        "inflammation|invasive adenocarcinoma]"
        "[, Gleason score 3+4=7|, Breslow depth 0.6 mm, Clark level III|. Reed-Sternberg cells not seen|]. "
        "Gram stain [negative for organisms|performed].",
        "[DIAGNOSIS|FINAL DIAGNOSIS]: [Benign|Malignant|Atypical] [findings|neoplasm], see comment.",
        "[Comment|COMMENT]: [Discussed with {dr} on {date} at {time}.|Outside slides from {osh} ({idnum}) "
        "reviewed.|"
        "Intradepartmental consultation obtained.]",
        "\n[Pathologist|Electronically signed out by]: {new_dr}[, MD|] {datetime}",
    ])
    return [head, body]


# --- ED triage ---------------------------------------------------------------------------------------

def ed_triage(ctx: Ctx) -> Sections:
    return [ctx.lines([
        "[ED TRIAGE NOTE|Triage|ED Triage {time}|TRIAGE {datetime}]",
        "[{age_num}[ yo| y/o|yo|] {sex}|{pt}, {age}] [BIBA|BIB family|walk-in|BIB EMS] from "
        "[home|{facility}|{city}|work at {org}] "
        "c/o [CP|SOB|abd pain|fall|syncope|AMS|fever] [x2h|x 3 days|since {dow}|since {time}].",
        "[PMH|Hx]: [HTN, DM|COPD|CAD|Parkinson's|ESRD on HD|none]. [Meds|meds]: [{drug}, {drug}|see list]. "
        "[All|Allergies]: [NKDA|PCN|sulfa].",
        "[VS|Vitals|vs]: {vitals}. [FS {num}|pain {score}|{score}].",
        "[PCP|pcp]: {dr}[ at {hosp_short}|][ ({phone})|]. [Lives with {relation}|{rel} at bedside, ph "
        "{phone}|"
        "{relation} on the way from {city}].",
        "[[MVC|car crash], restrained driver; vehicle [plate|tag|reg] {vehicle}[, PD report # {idnum}|]."
        "|Insurance: [MassHealth|Medicare|BCBS|Tufts HP] [ID|#|member #] {hplan}.|SSN {ssn} on file.|||||]",
        "[ESI|Acuity] [1|2|3|4]; to [rm|bed] {num}. [Triage RN|RN|Nurse]: {rn}",
    ])]


# --- clinic letters ----------------------------------------------------------------------------------

def clinic_letter(ctx: Ctx) -> Sections:
    head = ctx.lines([
        "{hosp}[\n[Department of|Division of] [Cardiology|Neurology|Pulmonary "
        "Medicine|Oncology|Nephrology]|]",
        "{address}",
        "[Tel|Phone|Tel.] {phone}[   Fax {fax}|]",
        "[{url}|]",
        "\n{today}",
        "\n{new_dr}\n{address}",
        "\nRE: {pt_full}[   DOB: {dob}|][   MRN: {mrn}|]",
    ])
    body = ctx.lines([
        "\nDear [Dr.|Dr] {dr_last},",
        "\n[Thank you for referring|I had the pleasure of seeing|I saw] {pt} [in clinic today|on {date}|in "
        "follow-up] "
        "[for evaluation of|regarding] [exertional dyspnea|a resting tremor|CKD stage 3|an abnormal "
        "CT|palpitations]. "
        "As you know, {he} is a {age_num}-year-old [retired {prof_bare}|{prof_bare}|former {prof_bare}] who "
        "lives in {city} with {his} "
        "{relation}, {relname}. [{He} was last seen here in {month_year}.|{He} recently returned from "
        "{country}.|"
        "{He} was hospitalized at {osh} in {month_year}.]",
        "\n[On examination|Exam]: {vitals}. [No Babinski sign.|Homans sign negative.|Mild Parkinsonian "
        "features.] "
        "[Labs|Recent labs]: {labs}.",
        "\n[I have recommended|We will start|Plan:] {dose}[ and a Holter monitor|]. [I will see {him} again|"
        "Follow-up] [after {holiday}|on {date}|in 3 months]. [Please do not hesitate to contact me at "
        "{phone}|"
        "Questions can be sent to {email}|Results will be posted at {url}].",
        "\n[Sincerely|Yours sincerely|Best regards],\n\n{dr_full}[, MD| MD|, MD, PhD]"
        "[\n[Lic|License|MA license|DEA] [#|no.|] {license}||]",
        "[cc: {new_dr}|cc: {pt}|]",
    ])
    return [head, body]


# --- telephone encounters --------------------------------------------------------------------------

def telephone(ctx: Ctx) -> Sections:
    return [ctx.lines([
        "[Telephone Encounter|TELEPHONE NOTE|Phone call|tel enc] {datetime}",
        "[Caller|Call from|Spoke with]: [{rel}|{pt}|pt's {relation} {relname}|{new_dr} from {osh}] "
        "[@ {phone}|ph {phone}|({phone})|]",
        "[Reason|Re]: [med refill|lab results|swelling in legs|question re: {drug}|appt change|FMLA "
        "paperwork]",
        "[{relation} reports pt|Pt reports|Caller states pt] [has had|c/o] [increased SOB|dizziness|BP 160s "
        "at home|poor "
        "appetite] [since {dow}|x 3 days|{reltime}]. [Taking {dose}.|Ran out of {drug}.|INR {lab} at {org}.]",
        "[Advised|Instructed] [to go to ED|to hold {drug}|to call back if worse|to come in {dow}]. "
        "[Will route to {dr}|Routed to {dr} for review|Message left for {dr}].",
        "[Callback|Best #|Call back at] {phone}[; ok to leave msg|]. [Pharmacy: {org}, fax {fax}|Insurance: "
        "{hplan}|]",
        "[{rn}|{username}|- {rn} {time}]",
    ])]


# --- nursing handoff (SBAR) --------------------------------------------------------------------------

def handoff(ctx: Ctx) -> Sections:
    return [ctx.lines([
        "[SBAR|Handoff|RN handoff|Nursing handoff {shift}|SBAR report to {rn_first}]",
        "[S|Situation]{sep}{age_num}{mf} [POD #2 s/p|adm w/|HD 4] [CABG|sepsis|GIB|DKA|hip fx] in {unit}[ "
        "{room}|]; "
        "[full code|DNR/DNI]; [allergic to PCN|NKDA]",
        "[B|Background]{sep}adm {date_num} [from|via] [{osh}|ED|{facility}]; PMH [HTN, DM|COPD, CHF|ETOH "
        "abuse]; "
        "[lives with {relation} in {city}|{relation} {relname} is HCP ({phone})]",
        "[A|Assessment]{sep}{vitals}; [A&Ox3|confused|sedated, {score}]; [foley|voiding]; {labs}",
        "[R|Recommendation]{sep}[f/u {lab} at {time}|recheck Hct {time}|wean O2]; [{dr} to see in am|page "
        "{dr} {pager} w/ "
        "concerns|call {relation} {relname} if status changes]",
        "[given by|from] {rn} [to|->] {rn} [at|@] {time}",
    ])]


# --- HL7 OBX-style result comments ---------------------------------------------------------------

def hl7_obx(ctx: Ctx) -> Sections:
    rng = ctx.rng
    sections: Sections = []
    if rng.random() < 0.4:
        sections.append([("MSH|^~\\&|LAB|", None), *ctx.render("{hosp_short}"), ("|||", None),
                         *ctx.render("{datetime}"), ("||ORU^R01|", None), *ctx.render("{idnum}"),
                         ("|P|2.3\nPID|1||", None), *ctx.render("{mrn}"), ("||", None),
                         *ctx.render("{pt_full}"),
                         ("||", None), *ctx.render("{dob}"), ("|", None), *ctx.render("{mf}"), ("\n", None)])
    for i in range(1, rng.randint(2, 6)):
        comment = rng.choice(OBX_COMMENTS)
        kind = rng.choice(("COMMENT^LN", "NTE^L", "^^^RESULT COMMENT", "GDT^Interpretation"))
        line: list[Piece] = [(f"OBX|{i}|TX|{kind}||", None), *ctx.render(comment), ("||||||F", None)]
        if rng.random() < 0.5:
            line += [("|||", None), *ctx.render("{datetime}")]
        line.append(("\n", None))
        sections.append(line)
    return sections


OBX_COMMENTS = (
    "Critical value [K 6.4|Hgb 6.1|INR 5.2|lactate 4.8|trop 2.3] called to {rn} by {username} at {time} on "
    "{date}, read back [verified|confirmed]",
    "Specimen [hemolyzed|clotted|received unlabeled], recollect requested. Notified {rn} {datetime}",
    "Result verified by {new_dr}; see report from {hosp} (accession {idnum})",
    "Sent to reference lab {org}; result to follow. Call {phone} with questions",
    "Repeat testing on {date} [confirms|does not confirm] finding. Gram stain: [GPC in pairs|no organisms]",
    "Comment: specimen collected {datetime} at [{osh}|{ward}]; courier [{username}|{rn_first}]",
    "Corrected report: previously reported to {dr} on {date}; pt {pt_full} MRN {mrn}",
    "Analyzer [S/N|serial] {device} [flagged|QC passed]; [released|sent] from [workstation|host] {ip}",
    "Result [viewed|released] via portal {url} by {username} from [IP|address] {ip}",
    "[BUN|Cr|K] [verified by repeat analysis|delta check failed, verified]; {labs}",
    "Please note new reference range effective {date}. Questions: {email}",
)


KINDS: dict[str, Callable[[Ctx], Sections]] = {
    "icu_nursing": icu_nursing,
    "discharge": discharge,
    "radiology": radiology,
    "pathology": pathology,
    "ed_triage": ed_triage,
    "clinic_letter": clinic_letter,
    "telephone": telephone,
    "handoff": handoff,
    "hl7_obx": hl7_obx,
}

#: default share of each kind (ICU nursing notes the largest, as the model is judged on them)
KIND_WEIGHTS: dict[str, float] = {
    "icu_nursing": 0.35, "discharge": 0.11, "radiology": 0.08, "pathology": 0.05, "ed_triage": 0.09,
    "clinic_letter": 0.07, "telephone": 0.09, "handoff": 0.11, "hl7_obx": 0.05,
}
