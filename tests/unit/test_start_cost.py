"""What a start costs: nothing loaded that the bot does not use."""


def test_the_tokenizer_is_loaded_without_pkg_resources():
    # jieba imports pkg_resources only to open its own files; importing it
    # read every installed package's metadata: 0.2 s and 10 MB of a start.
    import subprocess
    import sys

    code = ("import sys; from bot.app import language_resources; refdata, nlu = language_resources(); "
            "print('pkg_resources' in sys.modules, nlu.tokens('我想找个工地的活'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    loaded, tokens = out.stdout.strip().split(" ", 1)
    assert loaded == "False" and "工地" in tokens, out.stdout
