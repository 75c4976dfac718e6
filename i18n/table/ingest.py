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
    "ingest.warn.cells_unreadable": {
        "en": "{count} {field} cells in {column} could not be read, e.g. '{example}'; they are empty in the "
        "workspace.",
        "zh": "{column} 中有 {count} 个 {field} 单元格无法读取（例如“{example}”），在工作区中为空。",
    },
    "ingest.warn.cells_unreadable_mostly": {
        "en": "{count} {field} cells in {column} could not be read, e.g. '{example}': that is most of the "
        "column; check its format or map another column.",
        "zh": "{column} 中有 {count} 个 {field} 单元格无法读取（例如“{example}”），占该列大部分；请检查格式或改用其他列。",
    },
    "ingest.reason.preset": {"en": "{n} of {total} headers match the {label}: {list}",
                             "zh": "{total} 个列名中有 {n} 个与{label}一致：{list}"},
    "ingest.reason.fit": {"en": "{n} of {total} headers map to {entity} fields: {list}",
                          "zh": "{total} 个列名中有 {n} 个对应{entity}字段：{list}"},
    "ingest.reason.words": {"en": "{col} → {field}: its words say {words}, and its values are {kind}",
                            "zh": "{col} → {field}：列名的词义为 {words}，且取值为{kind}"},
    "ingest.reason.next_best": {"en": "next best: {entity} (score {a} vs {b})",
                                "zh": "次优：{entity}（得分 {a}，最佳 {b}）"},
    "ingest.reason.implied": {"en": "{col} implies {field} {value} for every row",
                              "zh": "“{col}”表明每一行的{field}都是 {value}"},
    "ingest.reason.missing_required": {"en": "no column for the required field {fields}",
                                       "zh": "没有必填字段 {fields} 的列"},
    "ingest.reason.outcomes": {"en": "{col} values include {values} (deal outcomes)",
                               "zh": "{col} 的取值包含 {values}（商机结果）"},
    "ingest.reason.remembered": {"en": "mapping confirmed earlier for these headers (remembered)",
                                 "zh": "这些列名的映射此前已确认（已记住）"},
    "ingest.reason.chosen": {"en": "entity {entity} chosen by the user", "zh": "用户选择了{entity}"},
    "ingest.reason.unknown": {"en": "the headers do not look like any known CRM records",
                              "zh": "列名不像任何已知的 CRM 记录"},
    "ingest.reason.adjusted": {"en": "mapping adjusted by the user: {list}", "zh": "用户调整了映射：{list}"},
    "ingest.kind.id": {"en": "identifiers", "zh": "编号"},
    "ingest.kind.dimension": {"en": "labels", "zh": "分类标签"},
    "ingest.kind.date": {"en": "dates", "zh": "日期"},
    "ingest.kind.money": {"en": "amounts", "zh": "金额"},
    "ingest.kind.number": {"en": "numbers", "zh": "数字"},
    "ingest.kind.bool": {"en": "yes/no values", "zh": "是/否"},
    "ingest.kind.duration": {"en": "durations", "zh": "时长"},
    "ingest.kind.percent": {"en": "percentages", "zh": "百分比"},
    "ingest.kind.text": {"en": "text", "zh": "文本"},
    "ingest.link": {
        "en": "{linked} of {rows} {source} matched a loaded record of {target} (by {field}).",
        "zh": "{rows} 条{source}中有 {linked} 条按“{field}”匹配到已载入的{target}。",
    },
    "ingest.warn.field_undecided": {
        "en": "No column was taken for {field}; {columns} could be it: choose one above (or with --map on the "
        "command line).",
        "zh": "没有列被用作“{field}”；{columns} 可能是：请在上方选择（命令行用 --map）。",
    },
    "upload.which_column": {"en": "Which column holds {field}?", "zh": "哪一列是“{field}”？"},
    "upload.none_of_these": {"en": "none of these", "zh": "都不是"},
    "ingest.warn.implied_field": {
        "en": "The file has no {field} column; every row is taken as {value}, as its column {column} says.",
        "zh": "文件没有“{field}”列；按“{column}”列的含义，每一行都视为 {value}。",
    },
    "ingest.warn.event_log": {
        "en": "{file} is an event log: each record's latest version was loaded; {count} earlier versions were "
        "not loaded.",
        "zh": "{file} 是事件日志：每条记录只载入最新版本；{count} 行较早的版本未载入。",
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
    "ingest.warn.ids_collide": {
        "en": "{count} ids also appear in upload {upload} ({file}), which is another report; both are kept and "
              "each record counts once in its own report.",
        "zh": "{count} 个编号也出现在第 {upload} 次导入（{file}）中，那是另一份报表；两边都已保留，每条记录只在各自报表中计一次。",
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
    # Canonical fields (store/entities.py), as the mapping editor names them.
    "field.activity_id": {"en": "Activity ID", "zh": "活动编号"},
    "field.contact_id": {"en": "Contact ID", "zh": "联系人编号"},
    "field.agent": {"en": "Agent", "zh": "客服"},
    "field.amount": {"en": "Amount", "zh": "金额"},
    "field.category": {"en": "Category", "zh": "分类"},
    "field.channel": {"en": "Channel / lead source", "zh": "渠道 / 线索来源"},
    "field.churned": {"en": "Churned", "zh": "已流失"},
    "field.churned_at": {"en": "Churn date", "zh": "流失日期"},
    "field.closed_at": {"en": "Close date", "zh": "结单日期"},
    "field.converted": {"en": "Converted", "zh": "已转化"},
    "field.converted_at": {"en": "Conversion date", "zh": "转化日期"},
    "field.created_at": {"en": "Created", "zh": "创建时间"},
    "field.currency": {"en": "Currency", "zh": "币种"},
    "field.customer_id": {"en": "Customer ID", "zh": "客户编号"},
    "field.customer_name": {"en": "Customer name", "zh": "客户名称"},
    "field.deal_id": {"en": "Deal ID", "zh": "商机编号"},
    "field.deal_name": {"en": "Deal name", "zh": "商机名称"},
    "field.first_response_at": {"en": "First response time", "zh": "首次响应时间"},
    "field.first_response_hours": {"en": "First response (hours)", "zh": "首次响应时长（小时）"},
    "field.is_complaint": {"en": "Complaint", "zh": "是否投诉"},
    "field.lead_id": {"en": "Lead ID", "zh": "线索编号"},
    "field.line_id": {"en": "Line ID", "zh": "明细行编号"},
    "field.occurred_at": {"en": "Date", "zh": "发生时间"},
    "field.order_id": {"en": "Order ID", "zh": "订单编号"},
    "field.ordered_at": {"en": "Order date", "zh": "下单时间"},
    "field.owner": {"en": "Owner", "zh": "负责人"},
    "field.period_start": {"en": "Period start", "zh": "期间开始"},
    "field.priority": {"en": "Priority", "zh": "优先级"},
    "field.product": {"en": "Product", "zh": "产品"},
    "field.quantity": {"en": "Quantity", "zh": "数量"},
    "field.refund_amount": {"en": "Refund amount", "zh": "退款金额"},
    "field.region": {"en": "Region", "zh": "区域"},
    "field.resolution_hours": {"en": "Resolution (hours)", "zh": "解决时长（小时）"},
    "field.resolved": {"en": "Resolved", "zh": "已解决"},
    "field.resolved_at": {"en": "Resolution time", "zh": "解决时间"},
    "field.responded_at": {"en": "Response date", "zh": "答卷时间"},
    "field.response_id": {"en": "Response ID", "zh": "答卷编号"},
    "field.sales_cycle_days": {"en": "Sales cycle (days)", "zh": "销售周期（天）"},
    "field.satisfaction": {"en": "Satisfaction rating", "zh": "满意度评分"},
    "field.satisfaction_scale": {"en": "Satisfaction scale", "zh": "满意度量表"},
    "field.scale": {"en": "Scale (5 = CSAT, 10 = NPS)", "zh": "量表（5 = 满意度，10 = NPS）"},
    "field.score": {"en": "Score", "zh": "得分"},
    "field.segment": {"en": "Customer segment", "zh": "客户级别"},
    "field.stage": {"en": "Stage", "zh": "阶段"},
    "field.status": {"en": "Status", "zh": "状态"},
    "field.subject": {"en": "Subject", "zh": "主题"},
    "field.team": {"en": "Team", "zh": "团队"},
    "field.tenure_months": {"en": "Tenure (months)", "zh": "合作时长（月）"},
    "field.ticket_id": {"en": "Ticket ID", "zh": "工单编号"},
    "field.type": {"en": "Type", "zh": "类型"},
    "field.unit_price": {"en": "Unit price", "zh": "单价"},
    # load_export's progress messages (ingest/load/loader.py).
    "ingest.progress.checking_loaded": {"en": "Checking whether this file was loaded before", "zh": "正在检查此文件是否已导入"},
    "ingest.progress.already_loaded": {"en": "Already loaded", "zh": "已导入过"},
    "ingest.progress.reading": {"en": "Reading the file", "zh": "正在读取文件"},
    "ingest.progress.reading_again": {"en": "Reading the file again", "zh": "正在重新读取文件"},
    "ingest.progress.recognising": {"en": "Recognising the columns", "zh": "正在识别各列"},
    "ingest.progress.keys": {"en": "Checking required values and record keys", "zh": "正在检查必填值和记录编号"},
    "ingest.progress.loading": {"en": "Normalising and loading rows", "zh": "正在规范化并导入数据行"},
    "ingest.progress.rejected": {"en": "Recording rejected cells", "zh": "正在记录被拒绝的单元格"},
    "ingest.progress.checks": {"en": "Checking the data", "zh": "正在检查数据"},
    "ingest.progress.done": {"en": "Done", "zh": "完成"},
}
