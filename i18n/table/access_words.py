"""Sign-in that lasts and its brake on guessing; the words sweep's labels (load report, source names)."""

STRINGS: dict[str, dict[str, str]] = {
    "access.throttled": {
        "en": "Too many wrong passwords from this computer: wait {seconds} seconds, then try again.",
        "zh": "此电脑输错密码的次数太多：请等待 {seconds} 秒后再试。",
    },
}
STRINGS.update({
    "upload.source_export": {"en": "{system} {entity} export", "zh": "{system} {entity}导出"},
    "data.report.file": {"en": "File", "zh": "文件"},
    "data.report.rows_read": {"en": "Rows read", "zh": "读取行数"},
    "data.report.column": {"en": "Column in the file", "zh": "文件中的列"},
    "data.report.mapping": {"en": "Which column feeds which field", "zh": "各字段取自文件中的哪一列"},
    "data.report.comma": {"en": "comma", "zh": "逗号"},
    "data.report.semicolon": {"en": "semicolon", "zh": "分号"},
    "data.report.tab": {"en": "tab", "zh": "制表符"},
    "data.report.pipe": {"en": "vertical bar", "zh": "竖线"},
})
STRINGS.update({
    "kr.points.period": {"en": "Period", "zh": "周期"},
    "kr.points.bucket": {"en": "Interval", "zh": "区间"},
    "kr.points.from": {"en": "From", "zh": "起始日"},
    "kr.points.to": {"en": "To", "zh": "截止日"},
    "kr.points.value": {"en": "Value", "zh": "数值"},
    "kr.points.to_date": {"en": "Period to date", "zh": "周期累计"},
})
STRINGS.update({
    "ingest.error.unknown_entity": {
        "en": "Could not tell what records {file} holds; choose what the rows are and map its columns.",
        "zh": "无法判断 {file} 中是哪类记录；请选择数据类型并映射各列。",
    },
    "ingest.error.entity_uncertain": {
        "en": "Not sure whether {file} holds {entities}; choose what the rows are above.",
        "zh": "无法确定 {file} 中是 {entities} 中的哪一类；请在上方选择数据类型。",
    },
    "ingest.error.missing_required": {
        "en": "{file} has no column for {fields}, which {entity} need; choose a column for it in the mapping "
              "table, or choose another kind of records.",
        "zh": "{file} 中没有对应 {fields} 的列，而{entity}需要它；请在映射表中为它选择一列，或选择其他数据类型。",
    },
})
STRINGS.update({"data.report.item": {"en": "Item", "zh": "项目"}})
