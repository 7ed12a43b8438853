"""Recognising the medicines people type (contract v2): cramp classes, quinine, and everyday
medicines with no known cramp link, which are recognised and never "check the spelling"."""
import pytest

from crampkit.assessment.matching import normalise
from crampkit.assessment.medications import (
    EVIDENCE_ORDER,
    MedicationMatch,
    is_recognised,
    lookup,
    match_medications,
    medication_classes,
    strongest_level,
)
from crampkit.content import read_table, split_ids

# The 200 most prescribed medicines in the US (ClinCalc DrugStats, Top 300 of 2023, ranks
# 1-200; reference ``clincalc_top300``), as generic names; a combination is typed as "a/b".
TOP_200 = """
atorvastatin; metformin; levothyroxine; lisinopril; amlodipine; metoprolol; albuterol; losartan;
gabapentin; omeprazole; sertraline; rosuvastatin; pantoprazole; escitalopram;
dextroamphetamine/amphetamine; hydrochlorothiazide; bupropion; fluoxetine; semaglutide;
montelukast; trazodone; simvastatin; amoxicillin; tamsulosin; hydrocodone/acetaminophen;
fluticasone; meloxicam; apixaban; furosemide; insulin glargine; duloxetine; ibuprofen;
famotidine; empagliflozin; carvedilol; tramadol; alprazolam; prednisone; hydroxyzine; buspirone;
clopidogrel; glipizide; citalopram; potassium chloride; allopurinol; aspirin; cyclobenzaprine;
ergocalciferol; oxycodone; methylphenidate; venlafaxine; spironolactone; ondansetron; zolpidem;
cetirizine; estradiol; pravastatin; lisinopril/hydrochlorothiazide; lamotrigine; quetiapine;
fluticasone/salmeterol; clonazepam; dulaglutide; azithromycin; losartan/hydrochlorothiazide;
amoxicillin/clavulanate; latanoprost; cholecalciferol; propranolol; ezetimibe; topiramate;
paroxetine; diclofenac; budesonide/formoterol; atenolol; lisdexamfetamine; doxycycline;
pregabalin; ethinyl estradiol/norethindrone; glimepiride; tizanidine; clonidine; fenofibrate;
insulin lispro; valsartan; cephalexin; baclofen; rivaroxaban; ferrous sulfate; amitriptyline;
finasteride; dapagliflozin; oxycodone/acetaminophen; folic acid; aripiprazole; olmesartan;
ethinyl estradiol/norgestimate; valacyclovir; mirtazapine; lorazepam; levetiracetam;
insulin aspart; naproxen; cyanocobalamin; loratadine; diltiazem; sumatriptan; triamcinolone;
hydralazine; tirzepatide; celecoxib; acetaminophen; alendronate; oxybutynin;
triamterene/hydrochlorothiazide; warfarin; progesterone; fluticasone/umeclidinium/vilanterol;
testosterone; nifedipine; methocarbamol; benzonatate; sitagliptin; chlorthalidone; isosorbide;
donepezil; dexmethylphenidate; sulfamethoxazole/trimethoprim; clobetasol; methotrexate;
hydroxychloroquine; lovastatin; pioglitazone; irbesartan; methylprednisolone; norethindrone;
meclizine; ethinyl estradiol/levonorgestrel; fluticasone/vilanterol; ketoconazole; thyroid;
azelastine; nitrofurantoin; adalimumab; memantine; prednisolone; esomeprazole; docusate;
clindamycin; acyclovir; sildenafil; insulin degludec; insulin detemir;
drospirenone/ethinyl estradiol; ciprofloxacin; morphine; insulin human/insulin isophane human;
levocetirizine; nirmatrelvir/ritonavir; valproate; atomoxetine; budesonide; tiotropium;
melatonin; cefdinir; doxepin; olanzapine; phentermine; ofloxacin;
ethinyl estradiol/etonogestrel; mupirocin; benazepril; timolol; magnesium; fluconazole;
risperidone; verapamil; linaclotide; cyclosporine; doxazosin; albuterol/ipratropium;
hydrocortisone; diazepam; telmisartan; carbamazepine; amlodipine/benazepril; lithium;
evolocumab; desvenlafaxine; dorzolamide; nebivolol; dicyclomine; torsemide; anastrozole;
enalapril; polyethylene glycol 3350; tretinoin; tadalafil; sacubitril/valsartan; calcium
"""
TOP_200_NAMES = [n.strip() for n in TOP_200.replace("\n", " ").split(";") if n.strip()]


def test_the_top_200_list_is_complete():
    assert len(TOP_200_NAMES) == 200 == len(set(TOP_200_NAMES))


@pytest.mark.parametrize("name", TOP_200_NAMES)
def test_each_of_the_200_most_prescribed_is_recognised(name):
    matched, unrecognised = match_medications([name])
    assert unrecognised == [] and matched[0].input == name
    level = matched[0].evidence_level
    assert level == strongest_level(matched[0].class_ids)
    # contract v3: lithium has a class of its own whose level is none (a safety rule, not a cause)
    assert (level == "none") == all(medication_classes()[c].evidence_level == "none"
                                    for c in matched[0].class_ids)


@pytest.mark.parametrize("typed", [
    "metformin", "Metformin 500mg", "Glucophage", "levothyroxine 50 mcg", "Synthroid", "insulin",
    "insulin glargine 20 units", "Lantus", "ibuprofen 400 mg", "Advil", "Nurofen", "paracetamol",
    "acetaminophen", "Tylenol", "Panadol", "omeprazole 20mg", "Prilosec", "aspirin 75", "vitamin D",
    "Vitamin D3 1000 IU", "pregabalin 75 mg", "Lyrica", "estradiol", "escitalopram", "warfarin",
    "co-codamol 30/500", "Eliquis 5mg", "Ozempic", "sertraline 50mg", "ezetimibe", "iron",
])
def test_everyday_medicines_are_recognised_with_no_class(typed):
    matched, unrecognised = match_medications([typed])
    assert unrecognised == []
    assert matched[0].to_dict() == {"input": typed, "class_ids": [], "evidence_level": "none"}


@pytest.mark.parametrize("typed, classes", [
    ("atorvastatin", ["statin"]), ("Lipitor 20mg", ["statin"]), ("lisinopril", ["ace_inhibitor"]),
    ("amlodipine 5", ["calcium_channel_blocker"]), ("Norvasc", ["calcium_channel_blocker"]),
    ("hydrochlorothiazide 25 mg", ["thiazide_diuretic"]), ("furosemide", ["loop_diuretic"]),
    ("spironolactone", ["potassium_sparing_diuretic"]), ("losartan", ["arb"]),
    ("Advair Diskus 250/50", ["laba"]), ("fluticasone salmeterol", ["laba"]),
    ("albuterol inhaler", ["short_acting_beta_agonist"]), ("Ventolin", ["short_acting_beta_agonist"]),
    ("gabapentin 300 mg", ["gabapentinoid"]), ("Premarin", ["conjugated_estrogen"]),
    ("metoprolol succinate ER 50", ["beta_blocker"]), ("Hyzaar 100/25", ["arb", "thiazide_diuretic"]),
    ("lisinopril hctz", ["ace_inhibitor", "thiazide_diuretic"]), ("Entresto", ["arb"]),
    ("Maxzide", ["potassium_sparing_diuretic", "thiazide_diuretic"]), ("Symbicort 160/4.5", ["laba"]),
    ("iron sucrose", ["iv_iron_sucrose"]), ("ethinyl estradiol/levonorgestrel", ["oral_contraceptive"]),
])
def test_medicines_in_a_class_keep_their_class(typed, classes):
    matched, unrecognised = match_medications([typed])
    assert unrecognised == [] and list(matched[0].class_ids) == classes


@pytest.mark.parametrize("typed", [
    "quinine", "Quinine sulfate 300mg", "quinine sulphate 200 mg", "QUALAQUIN 324 mg", "tonic water",
    "Tonic water (a glass at night)", "bitter lemon", "gin and tonic", "quinnine",
    "leg cramps with quinine",
])
def test_quinine_and_tonic_water_are_recognised_as_the_quinine_class(typed):
    matched, unrecognised = match_medications([typed])
    assert unrecognised == []
    assert "quinine" in matched[0].class_ids and matched[0].evidence_level == "none"


def test_the_quinine_class_is_not_a_cause_and_cites_the_fda():
    quinine = medication_classes()["quinine"]
    assert quinine.evidence_level == "none" and "fda_quinine" in quinine.reference_ids
    assert "not a cause" in quinine.explanation.lower()


@pytest.mark.parametrize("typed, expected", [
    ("metfromin", ()), ("metfornin", ()), ("asprin 75", ()), ("levothyroxin", ()), ("omeprazol", ()),
    ("losratan", ("arb",)), ("lorsartan", ("arb",)), ("atorvastatine", ("statin",)),
    ("hydrochlorthiazide", ("thiazide_diuretic",)), ("amlodopine", ("calcium_channel_blocker",)),
    ("atacand hxt", ("arb", "thiazide_diuretic")), ("fluticasone salmetrol", ("laba",)),
])
def test_typing_slips_are_forgiven_without_changing_meaning(typed, expected):
    assert lookup(typed) == expected


@pytest.mark.parametrize("typed", ["zorblax", "prenatal vitamin", "water", "none",
                                   "xyz123", "lipi", "eye drops"])
def test_names_that_match_nothing_are_unrecognised(typed):
    assert lookup(typed) is None and not is_recognised(typed)
    assert match_medications([typed]) == ([], [typed])


def _slips(name: str):
    for i in range(len(name)):
        yield name[:i] + name[i + 1:]
        if i + 1 < len(name):
            yield name[:i] + name[i + 1] + name[i] + name[i + 2:]


def test_a_typing_slip_never_moves_a_medicine_into_another_class():
    """Near-misses in both directions: a slip in an everyday name never lands on a cramp class,
    and a slip in a class name never lands on another class or on "no class"."""
    names = {normalise(r["name"]): split_ids(r["class_ids"]) for r in read_table("medications.csv")}
    wrong = []
    for name, classes in names.items():
        if len(name) < 5 or "/" in name:
            continue
        for typed in set(_slips(name)) - set(names):
            if typed != typed.strip() or "  " in typed or not normalise(typed):
                continue
            found = lookup(typed)
            if normalise(typed) != typed:   # the slip made a dose or unit word; not a slip
                continue
            if found is not None and set(found) != set(classes):
                wrong.append((name, typed, found))
    assert wrong == []


def test_nothing_typed_is_dropped_and_order_is_kept():
    typed = ["metformin 500", "Hyzaar 100/25", "zorblax", "tonic water", "", "Lipitor",
             "metformin 500", "   ", "prenatal vitamin", "Lyrica"]
    matched, unrecognised = match_medications(typed)
    assert sorted([m.input for m in matched] + unrecognised) == sorted(typed)
    assert [m.input for m in matched] == ["metformin 500", "Hyzaar 100/25", "tonic water", "Lipitor",
                                          "metformin 500", "Lyrica"]
    assert unrecognised == ["zorblax", "", "   ", "prenatal vitamin"]


def test_evidence_level_none_is_the_weakest_and_the_level_of_no_classes():
    assert EVIDENCE_ORDER[-1] == "none"
    assert strongest_level(()) == "none" and strongest_level(["quinine"]) == "none"
    assert strongest_level(["quinine", "statin"]) == "weak"
    assert MedicationMatch("x", (), "none").to_dict() == {"input": "x", "class_ids": [],
                                                         "evidence_level": "none"}


@pytest.mark.parametrize("typed, risky", [
    ("Evista 60mg", True), ("Premarin 0.625", True), ("Yaz", True), ("the pill", True),
    ("estradiol 1 mg", True), ("estradoil", True), ("NuvaRing", True), ("Xulane patch", True),
    ("ethinyl estradiol/levonorgestrel", True), ("Lipitor 20mg", False), ("metformin", False),
    ("norethindrone 0.35 mg", False), ("zorblax", False),
])
def test_medicines_that_make_clots_more_likely_are_known(typed, risky):
    from crampkit.assessment.medications import raises_clot_risk
    assert raises_clot_risk(typed) is risky


def test_every_estrogen_raloxifene_or_pill_name_is_marked_as_a_clot_risk():
    for row in read_table("medications.csv"):
        assert row["clot_risk"] in ("yes", ""), row["name"]
        if set(split_ids(row["class_ids"])) & {"conjugated_estrogen", "raloxifene", "oral_contraceptive"}:
            assert row["clot_risk"] == "yes", row["name"]
