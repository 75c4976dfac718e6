"""Sign-in that lasts and its brake on guessing; the words sweep's labels (load report, source names)."""

STRINGS: dict[str, dict[str, str]] = {
    "access.throttled": {
        "en": "Too many wrong passwords from this computer: wait {seconds} seconds, then try again.",
        "zh": "此电脑输错密码的次数太多：请等待 {seconds} 秒后再试。",
    },
}
