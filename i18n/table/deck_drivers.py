"""The deck's drivers (review/drivers.py): what the highlights, risks and deep dives say moved a figure."""

STRINGS = {
    "review.drivers.lift": {"en": "Biggest lift: {segment} ({dim}) {change}.",
                            "zh": "最大拉动：{segment}（{dim}）{change}。"},
    "review.drivers.drag": {"en": "Biggest drag: {segment} ({dim}) {change}.",
                            "zh": "最大拖累：{segment}（{dim}）{change}。"},
    "review.drivers.note": {"en": "Why it moved (against {against} to the same point): {sentence}",
                            "zh": "变化原因（对比 {against} 同期）：{sentence}"},
    "review.drivers.note_whole": {"en": "Why it moved (against all of {against}): {sentence}",
                                  "zh": "变化原因（对比 {against} 全期）：{sentence}"},
}
