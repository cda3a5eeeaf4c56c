"""The taxonomy: ONS 2021 categories in five groups, labels from files mapped, and where a count is placed."""

import pytest

from workforce import reference
from workforce.models import Aggregation, EthnicCategory, EthnicGroup, EthnicityLabel, normalise_label
from workforce.taxonomy import NOT_KNOWN, NOT_PLACED, Target, Taxonomy

pytestmark = pytest.mark.django_db


@pytest.fixture
def taxonomy():
    return Taxonomy.load(with_labels=True)


def bucket(taxonomy, aggregation: str, key: str) -> int:
    return taxonomy.grouping(aggregation).bucket(key).id


def test_the_reference_data_has_nineteen_ons_categories_in_five_groups_plus_not_known_and_refused():
    assert EthnicGroup.objects.count() == 5
    assert EthnicCategory.objects.filter(kind="known").count() == 19
    assert sorted(EthnicCategory.objects.exclude(kind="known").values_list("name", flat=True)) == [
        "Not known",
        "Prefer not to say",
    ]
    per_group = {g.short_name: g.categories.count() for g in EthnicGroup.objects.all()}
    assert per_group == {"Asian": 5, "Black": 3, "Mixed": 4, "White": 5, "Other": 2}


def test_the_built_in_aggregations_are_there_with_their_sides():
    assert set(Aggregation.objects.values_list("key", flat=True)) >= {
        "five_groups",
        "bgm_white",
        "white_british",
        "wres",
    }
    grouping = Taxonomy.load().grouping("bgm_white")
    assert grouping.reference.name == "White" and grouping.comparison.name == "Black and global majority"


@pytest.mark.parametrize(
    "label, category",
    [
        ("WBRI", "white_british"),
        ("BCRB", "black_caribbean"),
        ("MWBC", "mixed_white_black_caribbean"),
        ("Black or Black British - Caribbean", "black_caribbean"),
        ("black or black british: caribbean", "black_caribbean"),
        ("Asian, Asian British or Asian Welsh: Indian", "asian_indian"),
        ("Chinese", "asian_chinese"),
        ("Not stated", "not_known"),
        ("Refused", "prefer_not_to_say"),
        ("REFU", "prefer_not_to_say"),
    ],
)
def test_labels_in_source_files_map_to_categories(taxonomy, label, category):
    target = taxonomy.resolve(label)
    assert target.kind == "category"
    assert taxonomy.categories[target.id].code == category


@pytest.mark.parametrize("label", ["BAME", "BME", "Black and global majority", "bame"])
def test_bame_and_bme_map_to_the_black_and_global_majority_side_not_to_a_category(taxonomy, label):
    assert taxonomy.resolve(label) == Target("bucket", bucket(taxonomy, "bgm_white", "bgm"))


def test_a_label_nobody_mapped_is_unknown_rather_than_guessed(taxonomy):
    assert taxonomy.resolve("Blk Carib") is None


def test_labels_match_ignoring_case_punctuation_and_spacing():
    assert normalise_label("  Black or Black British – Caribbean ") == normalise_label(
        "black or black british caribbean"
    )


def test_a_category_is_placed_in_the_bucket_that_holds_it(taxonomy):
    caribbean = taxonomy.resolve("BCRB")
    assert taxonomy.place(caribbean, taxonomy.grouping("five_groups")) == bucket(taxonomy, "five_groups", "black")
    assert taxonomy.place(caribbean, taxonomy.grouping("bgm_white")) == bucket(taxonomy, "bgm_white", "bgm")


def test_a_bame_count_cannot_be_placed_in_the_five_groups(taxonomy):
    assert taxonomy.place(taxonomy.resolve("BAME"), taxonomy.grouping("five_groups")) == NOT_PLACED


def test_a_bame_count_is_minority_ethnic_under_the_dfe_definition_too(taxonomy):
    placed = taxonomy.place(taxonomy.resolve("BAME"), taxonomy.grouping("white_british"))
    assert placed == bucket(taxonomy, "white_british", "minority_ethnic")


def test_a_white_count_cannot_be_split_into_white_british_and_white_minorities(taxonomy):
    assert taxonomy.place(taxonomy.resolve("White"), taxonomy.grouping("white_british")) == NOT_PLACED
    assert taxonomy.place(taxonomy.resolve("White"), taxonomy.grouping("bgm_white")) == bucket(
        taxonomy, "bgm_white", "white"
    )


def test_irish_staff_are_white_in_bgm_and_minority_ethnic_under_the_dfe_definition(taxonomy):
    irish = taxonomy.resolve("WIRI")
    assert taxonomy.place(irish, taxonomy.grouping("bgm_white")) == bucket(taxonomy, "bgm_white", "white")
    assert taxonomy.place(irish, taxonomy.grouping("white_british")) == bucket(
        taxonomy, "white_british", "minority_ethnic"
    )


@pytest.mark.parametrize("label", ["Not known", "Prefer not to say"])
def test_not_known_and_refused_are_never_placed_in_a_group(taxonomy, label):
    for grouping in taxonomy.ordered_groupings():
        assert taxonomy.place(taxonomy.resolve(label), grouping) == NOT_KNOWN


def test_loading_the_reference_again_keeps_what_an_administrator_added(taxonomy):
    EthnicityLabel.objects.create(label="Kurdish", category=EthnicCategory.objects.get(code="other_any"))
    reference.load()
    assert EthnicityLabel.objects.filter(normalised="kurdish").exists()


def test_loading_the_reference_twice_changes_nothing():
    before = EthnicityLabel.objects.count()
    reference.load()
    assert EthnicityLabel.objects.count() == before
