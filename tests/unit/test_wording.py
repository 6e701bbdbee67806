from desktop.wording import plural


def test_plural_is_right_in_the_singular() -> None:
    assert plural(1, "record") == "1 record"
    assert plural(0, "record") == "0 records"
    assert plural(1204, "cable") == "1,204 cables"
    assert plural(2, "library", "libraries") == "2 libraries"
    assert plural(1, "library", "libraries") == "1 library"
