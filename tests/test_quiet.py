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
