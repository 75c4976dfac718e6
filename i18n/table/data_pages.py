"""Upload and Data pages."""

STRINGS = {
    "upload.title": {"en": "Upload CRM exports", "zh": "上传 CRM 导出文件"},
    "upload.caption": {
        "en": "Drop the files your CRM gave you, as they are: CSV, Excel (xlsx, xls), or tab-separated text from "
        "Salesforce, HubSpot, Zoho, Pipedrive, Dynamics 365, 纷享销客, 销售易, 简道云 or a shop back office.",
        "zh": "直接拖入 CRM 导出的原始文件：CSV、Excel（xlsx、xls）或制表符分隔文本，支持 Salesforce、HubSpot、Zoho、"
        "Pipedrive、Dynamics 365、纷享销客、销售易、简道云及电商后台。",
    },
    "upload.drop": {"en": "Export files", "zh": "导出文件"},
    "upload.drop_help": {
        "en": "The file type is read from the content, not the name; encodings and Chinese headers are handled.",
        "zh": "文件类型按内容识别而非扩展名；自动处理编码与中文表头。",
    },
    "upload.detected": {
        "en": "Detected **{entity}** from **{source}** (confidence {confidence}), about {rows} rows.",
        "zh": "识别为 **{entity}**，来源 **{source}**（置信度 {confidence}），约 {rows} 行。",
    },
    "upload.generic": {"en": "a generic export", "zh": "通用导出"},
    "upload.choose_entity": {
        "en": "What kind of records does this file hold? Choose the entity below to map its columns.",
        "zh": "无法自动识别此文件的数据类型，请在下方选择，以便映射列。",
    },
    "upload.date_order": {
        "en": "Every date in “{column}” could be day-first or month-first. How should it be read?",
        "zh": "“{column}”中的日期既可按日在前也可按月在前解读，应如何读取？",
    },
    "upload.unexpected": {
        "en": "The file could not be loaded because of an unexpected error ({kind}); the workspace is unchanged. "
        "Please report it with the file's first lines.",
        "zh": "导入时发生意外错误（{kind}），工作区未被修改。请附上文件开头几行反馈此问题。",
    },
    "upload.why": {"en": "Why this entity?", "zh": "识别依据"},
    "upload.entity": {"en": "Entity", "zh": "数据类型"},
    "upload.sheet": {"en": "Sheet", "zh": "工作表"},
    "upload.field": {"en": "Field", "zh": "标准字段"},
    "upload.header": {"en": "Column in the file", "zh": "文件中的列"},
    "upload.field_id": {"en": "Field id (for --map)", "zh": "字段标识（命令行 --map 用）"},
    "upload.required": {"en": "Required", "zh": "必填"},
    "upload.row_no": {"en": "Row", "zh": "行号"},
    "upload.detail": {"en": "Read as", "zh": "读取方式"},
    "upload.value": {"en": "Value", "zh": "值"},
    "upload.not_mapped": {"en": "(not loaded)", "zh": "（不导入）"},
    "upload.earliest": {"en": "Earliest", "zh": "最早"},
    "upload.latest": {"en": "Latest", "zh": "最晚"},
    "upload.preview": {"en": "Preview of the first rows as they will load", "zh": "预览：前几行将按此方式导入"},
    "upload.load": {"en": "Load into the workspace", "zh": "导入工作区"},
    "upload.loading": {"en": "Loading…", "zh": "正在导入…"},
    "upload.done": {"en": "Done", "zh": "完成"},
    "upload.loaded": {"en": "{file}: {rows} {entity} rows loaded.", "zh": "{file}：已导入 {rows} 行{entity}。"},
    "upload.already_loaded": {
        "en": "{file} was already loaded (upload {upload}); nothing changed.",
        "zh": "{file} 已导入过（上传编号 {upload}），数据未变。",
    },
    "upload.rows_loaded": {"en": "Rows loaded", "zh": "已导入行数"},
    "upload.rows_rejected": {"en": "Rows rejected", "zh": "拒绝行数"},
    "upload.cells_unread": {"en": "Cells not read", "zh": "无法读取的单元格"},
    "upload.records_replaced": {"en": "Records replaced", "zh": "替换记录数"},
    "upload.source": {"en": "Source", "zh": "来源系统"},
    "upload.container": {"en": "File type", "zh": "文件类型"},
    "upload.encoding": {"en": "Encoding", "zh": "编码"},
    "upload.header_row": {"en": "Header row", "zh": "表头所在行"},
    "upload.delimiter": {"en": "Delimiter", "zh": "分隔符"},
    "upload.date_ranges": {"en": "Date range per date field", "zh": "各日期字段的范围"},
    "upload.rejected_rows": {"en": "Rejected cells and rows ({n})", "zh": "被拒绝的单元格与行（{n}）"},
    "upload.replaces": {
        "en": "This replaces {records} records loaded from {file} on {date}.",
        "zh": "这将替换 {date} 从 {file} 导入的 {records} 条记录。",
    },
    "upload.replace_explain": {
        "en": "The file looks like a newer export of the same report. The replaced records are kept: deleting "
              "this upload later (or Undo last load) brings them back.",
        "zh": "该文件看起来是同一报表的较新导出。被替换的记录会保留：之后删除这次导入（或撤销上次导入）即可恢复。",
    },
    "upload.confirm_replace": {"en": "Replace and load", "zh": "确认替换并导入"},
    "upload.cancel_replace": {"en": "Cancel", "zh": "取消"},
    "upload.undo_last": {"en": "Undo last load ({file})", "zh": "撤销上次导入（{file}）"},
    "upload.undone": {
        "en": "{file} was removed: {removed} rows deleted, {restored} rows it had replaced are back.",
        "zh": "已撤销 {file}：删除 {removed} 行，恢复其替换的 {restored} 行。",
    },
    "upload.demo_offer": {
        "en": "This workspace still holds the demo company. Clear the demo first so that your numbers, objectives "
              "and slides are your own?",
        "zh": "工作区里仍是演示公司的数据。是否先清空演示数据，让指标、目标和幻灯片只包含您自己的数据？",
    },
    "upload.demo_clear": {"en": "Clear the demo, then load", "zh": "先清空演示数据再导入"},
    "upload.demo_keep": {"en": "Keep the demo beside my data", "zh": "保留演示数据"},
    "upload.entity_uncertain": {
        "en": "Not sure what these rows are ({candidates}); choose the entity before loading.",
        "zh": "无法确定这些行是什么数据（{candidates}）；请先选择数据类型再导入。",
    },
    "upload.why_candidate": {"en": "Why {entity}?", "zh": "为何可能是{entity}？"},
    "upload.entity_placeholder": {"en": "Choose what the rows are", "zh": "请选择数据类型"},
    "upload.current": {"en": "The workspace holds {n} rows.", "zh": "工作区当前共有 {n} 行数据。"},
    "data.title": {"en": "Data in the workspace", "zh": "工作区数据"},
    "data.uploads": {"en": "Uploads", "zh": "上传记录"},
    "data.pick_upload": {"en": "Upload", "zh": "上传记录"},
    "data.report": {"en": "Load report", "zh": "导入报告"},
    "data.confirm_delete": {
        "en": "Delete {upload} and every row it loaded",
        "zh": "删除 {upload} 及其导入的全部行",
    },
    "data.delete": {"en": "Delete upload", "zh": "删除上传"},
    "data.deleted": {"en": "Upload deleted; {n} rows removed.", "zh": "已删除上传，移除 {n} 行。"},
    "data.backup": {"en": "Back up the workspace", "zh": "备份工作区"},
    "data.backup_caption": {
        "en": "One .zip with every upload and its rows, the uploads registry, OKRs, check-ins and settings. "
        "Restore it on any machine with `python cli.py restore FILE --db NEW_PATH`.",
        "zh": "一个 .zip 文件，包含全部上传及数据、上传记录、OKR、进展更新和设置。"
        "可在任意机器上用 `python cli.py restore FILE --db NEW_PATH` 恢复。",
    },
    "data.make_backup": {"en": "Prepare the backup", "zh": "生成备份"},
    "data.download_backup": {"en": "Download the backup", "zh": "下载备份"},
    "data.browse": {"en": "Browse rows", "zh": "浏览数据"},
    "data.first_rows": {"en": "First {n} of {total} rows.", "zh": "共 {total} 行，显示前 {n} 行。"},
    "data.no_rows": {"en": "No rows of this kind yet.", "zh": "暂无此类数据。"},
    "data.col.id": {"en": "Upload", "zh": "编号"},
    "data.col.lineage": {"en": "Report (first upload)", "zh": "所属报表（首次上传）"},
    "data.col.file_name": {"en": "File", "zh": "文件"},
    "data.col.entity": {"en": "Entity", "zh": "数据类型"},
    "data.col.source": {"en": "Source", "zh": "来源"},
    "data.col.rows_loaded": {"en": "Loaded", "zh": "导入"},
    "data.col.rows_rejected": {"en": "Rejected", "zh": "拒绝"},
    "data.col.records_replaced": {"en": "Replaced", "zh": "替换"},
    "data.col.size_bytes": {"en": "Bytes", "zh": "字节"},
    "data.col.loaded_at": {"en": "Loaded at", "zh": "导入时间"},
    "access.editors_only": {
        "en": "Only editors can do this; ask an editor of this workspace.",
        "zh": "仅编辑者可执行此操作，请联系工作区编辑者。",
    },
}

STRINGS.update(
    {
        "access.login_needed": {
            "en": "This workspace is private; log in to continue.",
            "zh": "此工作区为私有，请登录后继续。",
        },
        "access.login": {"en": "Log in", "zh": "登录"},
        "access.logout": {"en": "Log out", "zh": "退出登录"},
        "access.not_allowed": {
            "en": "Your account has no access to this workspace; ask an editor to add your e-mail address.",
            "zh": "您的账号无权访问此工作区，请联系编辑者添加您的邮箱。",
        },
        "access.password": {"en": "Workspace password", "zh": "工作区密码"},
        "access.enter": {"en": "Enter", "zh": "进入"},
        "access.wrong_password": {
            "en": "That password is not right; ask the workspace owner for it.",
            "zh": "密码不正确，请向工作区负责人索取。",
        },
        "access.role_editor": {"en": "Signed in as editor", "zh": "当前身份：编辑者"},
        "access.role_viewer": {"en": "Signed in as viewer (read only)", "zh": "当前身份：查看者（只读）"},
    }
)
