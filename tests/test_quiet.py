"""The flag panels raise while they set their own widgets (reviewer.notebook.quiet)."""
import ipywidgets as widgets

from reviewer.notebook.quiet import Quiet


def test_quiet_is_up_only_inside_its_block_and_survives_nesting_and_errors():
    quiet = Quiet()
    assert not quiet
    with quiet():
        with quiet():
            assert quiet
        assert quiet, "leaving an inner block must not end the outer one"
    assert not quiet
    try:
        with quiet():
            raise ValueError
    except ValueError:
        pass
    assert not quiet


def test_observers_can_tell_program_changes_from_user_changes():
    quiet, seen = Quiet(), []
    box = widgets.Dropdown(options=["a", "b", "c"], value="a")
    box.observe(lambda change: quiet or seen.append(change["new"]), names="value")
    with quiet():
        box.value = "b"
    box.value = "c"
    assert seen == ["c"]


def test_replace_options_relabels_and_keeps_the_choice_only_when_still_offered():
    from reviewer.notebook.quiet import replace_options

    box = widgets.Dropdown(options=[("English", "en"), ("Indonesian", "id")], value="id")
    replace_options(box, [("Inggris", "en"), ("Indonesia", "id")])
    assert box.value == "id" and box.label == "Indonesia"
    replace_options(box, [("Auto", ""), ("Inggris", "en")])
    assert box.value != "id" and box.value in {"", "en"}  # no longer offered: not kept, and no error
