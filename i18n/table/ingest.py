"""Importer warnings (plan and load report), keyed by warning code: ingest.warn.<code>.

Placeholders are the keys of the warning dict: count, field, column, chosen, percent.  Render with
``ingest.warning_text(warning, lang)``, which falls back to the warning's English ``message``.
"""

STRINGS = {
    "ingest.warn.entity_unknown": {
        "en": "The headers do not match any known CRM export; choose what the rows are and map the columns.",
        "zh": "表头与已知的 CRM 导出格式都不匹配；请选择这些行的数据类型并映射各列。",
    },
    "ingest.warn.entity_uncertain": {
        "en": "Not sure what these rows are; check the entity and the mapping before loading.",
        "zh": "无法确定这些行的数据类型；导入前请检查数据类型和字段映射。",
    },
    "ingest.warn.missing_required": {
        "en": "No column holds {field}, which this entity needs; map one in the table below.",
        "zh": "没有列对应必填字段 {field}；请在下表中为它选择一列。",
    },
    "ingest.warn.ambiguous_date_order": {
        "en": "Every date in {column} fits both day-first and month-first; read as {chosen}. Change it if "
              "wrong.",
        "zh": "{column} 中的日期既可按日/月也可按月/日解读，当前按 {chosen} 读取；如有误请修改。",
    },
    "ingest.warn.not_dates": {
        "en": "{column} does not hold dates; map another column to {field}.",
        "zh": "{column} 不是日期；请为 {field} 选择其他列。",
    },
    "ingest.warn.ids_scientific": {
        "en": "{column} holds ids in scientific notation (6.60737E+05); export the column as text to keep "
              "every digit.",
        "zh": "{column} 中的编号是科学计数法（如 6.60737E+05）；请以文本格式导出该列以保留全部数字。",
    },
    "ingest.warn.negative_amount": {
        "en": "{count} rows have a negative amount.", "zh": "{count} 行金额为负数。",
    },
    "ingest.warn.closed_before_created": {
        "en": "{count} deals close before they were created.", "zh": "{count} 个商机的结单日期早于创建日期。",
    },
    "ingest.warn.won_without_amount": {
        "en": "{count} won deals have no amount.", "zh": "{count} 个赢单商机没有金额。",
    },
    "ingest.warn.resolution_before_first_response": {
        "en": "{count} tickets were resolved before their first response.",
        "zh": "{count} 张工单的解决时间早于首次响应时间。",
    },
    "ingest.warn.resolved_before_created": {
        "en": "{count} tickets were resolved before they were created.", "zh": "{count} 张工单的解决时间早于创建时间。",
    },
    "ingest.warn.negative_first_response": {
        "en": "{count} tickets have a negative first-response time.", "zh": "{count} 张工单的首次响应时长为负。",
    },
    "ingest.warn.negative_resolution": {
        "en": "{count} tickets have a negative resolution time.", "zh": "{count} 张工单的解决时长为负。",
    },
    "ingest.warn.satisfaction_out_of_scale": {
        "en": "{count} satisfaction ratings are off the scale.", "zh": "{count} 条满意度评分超出量表范围。",
    },
    "ingest.warn.score_out_of_scale": {
        "en": "{count} survey scores are off the scale.", "zh": "{count} 条问卷评分超出量表范围。",
    },
    "ingest.warn.zero_price": {
        "en": "{count} order rows have a unit price of 0.", "zh": "{count} 行订单单价为 0。",
    },
    "ingest.warn.converted_before_created": {
        "en": "{count} leads converted before they were created.", "zh": "{count} 条线索的转化时间早于创建时间。",
    },
    "ingest.warn.future_dates": {
        "en": "{count} rows have {field} in the future.", "zh": "{count} 行的 {field} 是未来日期。",
    },
    "ingest.warn.missing_customer_id": {
        "en": "{percent} of rows ({count}) have no customer id.", "zh": "{percent} 的行（{count} 行）没有客户编号。",
    },
    "ingest.warn.no_customer_column": {
        "en": "No column identifies the customer; per-customer metrics are unavailable for these rows.",
        "zh": "没有可识别客户的列；这些行无法计算按客户的指标。",
    },
    "ingest.warn.duplicate_ids": {
        "en": "{count} rows repeat an id used by another row of the file; all were kept.",
        "zh": "{count} 行的编号与文件中其他行重复；已全部保留。",
    },
    "ingest.warn.no_id_column": {
        "en": "No id column: rows are matched by their content, so an edited record in a later export loads "
              "as a new row.",
        "zh": "没有编号列：按整行内容匹配记录，之后导出中被修改的记录会作为新行导入。",
    },
    "ingest.warn.already_loaded": {
        "en": "These exact bytes were already loaded; nothing changed.", "zh": "完全相同的文件已导入过；未做任何更改。",
    },
    "ingest.date_order.dmy": {"en": "day first (31/12/2024)", "zh": "日在前（31/12/2024）"},
    "ingest.date_order.mdy": {"en": "month first (12/31/2024)", "zh": "月在前（12/31/2024）"},
    "ingest.read.blank_rows": {"en": "Dropped {n} blank rows", "zh": "已删除 {n} 个空行"},
    "ingest.read.subtotal_rows": {"en": "Dropped {n} subtotal rows", "zh": "已删除 {n} 个小计/合计行"},
    "ingest.read.salesforce_footer": {
        "en": "Dropped {n} footer lines (Salesforce report footer)",
        "zh": "已删除 {n} 行页脚（Salesforce 报表页脚）",
    },
    "ingest.read.footer": {"en": "Dropped {n} footer lines", "zh": "已删除 {n} 行页脚"},
    "ingest.read.do_not_modify": {
        "en": 'Skipped {n} Dynamics 365 "(Do Not Modify)" columns',
        "zh": "已跳过 {n} 个 Dynamics 365 “(Do Not Modify)” 隐藏列",
    },
    "ingest.read.nul_bytes": {"en": "Removed {n} NUL bytes", "zh": "已移除 {n} 个空字符（NUL）"},
    "ingest.read.invalid_utf8": {
        "en": "Line {line} (and {others} other places) had bytes that are not valid UTF-8; they were replaced",
        "zh": "第 {line} 行（及另外 {others} 处）含有无效的 UTF-8 字节，已替换为 �",
    },
    "ingest.read.invalid_utf8_one": {
        "en": "Line {line} had bytes that are not valid UTF-8; they were replaced",
        "zh": "第 {line} 行含有无效的 UTF-8 字节，已替换为 �",
    },
    "ingest.read.undecodable": {
        "en": "{n} characters could not be read as {codec} and were replaced",
        "zh": "有 {n} 个字符无法按 {codec} 读取，已替换为 �",
    },
    "ingest.read.extra_values": {
        "en": "Some rows have more values than the header has names; the extra values are kept in {names}",
        "zh": "部分行的值多于表头列数，多出的值保存在 {names} 列中",
    },
}
