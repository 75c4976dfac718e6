"""Quarterly review deck: rendering messages (slide content strings are added by the deck modules)."""

STRINGS = {
    "review.error.no_browser": {
        "en": "Slide images need Chromium: install it with `sudo apt-get install -y chromium fonts-noto-cjk` "
              "(macOS/Windows: install Google Chrome), then try again.",
        "zh": "生成幻灯片图片需要 Chromium：请运行 `sudo apt-get install -y chromium fonts-noto-cjk` 安装"
              "（macOS/Windows 请安装 Google Chrome），然后重试。",
    },
    "review.error.browser_stopped": {
        "en": "The browser stopped while drawing the slides: close some programs to free memory, then try again.",
        "zh": "绘制幻灯片时浏览器意外退出：请关闭部分程序释放内存，然后重试。",
    },
}
