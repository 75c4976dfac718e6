"""Header understanding beyond exact synonyms: headers become sets of concepts, in several languages.

``first_contact_date``, ``FirstContactDate``, ``Date of first contact``, ``Erstkontakt Datum`` and
``首次联系日期`` all become ``{first, contact, date}``.  Latin text is split on case changes, ``_``,
``-``, spaces and punctuation, and each word is looked up in the vocabulary (English, German, French,
Spanish, Portuguese); CJK runs (Chinese simplified and traditional, Japanese) are segmented by the
longest vocabulary word at each position.  A synonym of a field matches a header when the synonym's
concepts are all in the header and make up at least half of the header's meaningful words
(``ingest/plan/detect.py`` then checks the column's content before it maps anything).

The vocabulary is about words, never about particular files: see docs/importer.md.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# concept -> words that say it, in English, German, French, Spanish, Portuguese, Chinese and Japanese.
VOCABULARY: dict[str, tuple[str, ...]] = {
    "id": ("identifiant", "identificador", "identificação", "kennung", "uuid", "guid", "ref", "reference", "référence", "referencia", "referência", "código", "codigo", "protocolo", "kennziffer", "nro", "id", "ids", "identifier", "no", "nr", "n", "nº", "#", "nummer", "number", "num", "numero", "número", "numéro",
           "code", "key", "kennung", "编号", "编码", "號碼", "号码", "单号", "番号", "コード", "代码", "代碼", "號"),
    # A date and a time say the same for matching ("Created Time" ~ "created date"); the values decide.
    "date": ("date", "datum", "fecha", "data", "dt", "日期", "日付", "年月日", "日時", "日时", "日", "zeitstempel",
             "temporal", "horodatage", "carimbo",
             "time", "timestamp", "datetime", "zeit", "zeitpunkt", "heure", "hora", "horario", "时间", "時間",
             "时刻", "時刻", "时点"),
    "created": ("créée", "creee", "créés", "creees", "apertura", "abertura", "ouverture", "開始", "开始", "開設", "alta", "eingegangen", "eingang", "reçu", "recu", "received", "recibido", "recibida", "recebido", "engaged", "engage", "eng", "接洽", "受理", "created", "create", "creation", "erstellt", "erstellung", "erstell", "angelegt", "anlage",
                "créé", "cree", "création", "creation", "creado", "creada", "creación", "criado", "criada",
                "criação", "crtd", "受付", "创建", "建立", "新建", "新增", "录入", "錄入", "作成", "登録", "登记", "opened", "open",
                "eröffnet", "ouvert", "abierto", "aberto", "开启", "開啟"),
    "updated": ("updated", "modified", "changed", "geändert", "aktualisiert", "modifié", "modifie", "actualizado",
                "modificado", "atualizado", "更新", "修改", "変更", "变更"),
    "closed": ("signature", "signed", "signé", "signée", "unterzeichnet", "closed", "close", "closing", "cls", "clsd", "geschlossen", "abschluss", "abgeschlossen", "fermé", "ferme",
               "clôture", "cloture", "cerrado", "cierre", "fechado", "fechamento", "关闭", "關閉", "结单", "結單",
               "结案", "結案", "完结", "完了", "クローズ"),
    "won": ("won", "win", "gewonnen", "gagné", "gagne", "ganado", "ganada", "ganho", "赢单", "贏單", "赢", "贏",
            "成交", "成約", "受注"),
    "lost": ("lost", "loss", "verloren", "perdu", "perdue", "perdido", "perdida", "丢单", "丟單", "输单", "輸單",
             "失注", "流失"),
    "resolved": ("resolved", "resolve", "resolution", "solved", "gelöst", "erledigt", "résolu", "resolu",
                 "résolution", "resuelto", "resolución", "resolvido", "resolução", "解决", "解決", "完成", "処理完了",
                 "办结", "辦結"),
    "first": ("first", "initial", "erste", "erster", "ersten", "erst", "premier", "première", "primer", "primera",
              "primeiro", "primeira", "首次", "首", "初回", "最初"),
    "contact": ("contact", "kontakt", "contacto", "contato", "联系", "聯繫", "联络", "接触", "接觸", "連絡"),
    "response": ("response", "respond", "responded", "reply", "replied", "answer", "answered", "答题", "回答", "作答", "antwort", "réponse", "reponse",
                 "respuesta", "resposta", "响应", "響應", "回复", "回覆", "応答", "返信", "回应"),
    "owner": ("vertriebler", "vertriebsmitarbeiter", "außendienst", "vendedora", "commerciale", "agente", "営業担当", "営業担当者", "销售代表", "銷售代表", "owner", "rep", "salesperson", "seller", "salesman", "verantwortlich", "verantwortlicher",
              "verkäufer", "inhaber", "besitzer", "propriétaire", "proprietaire", "responsable", "vendeur",
              "commercial", "propietario", "vendedor", "responsável", "responsavel", "dono", "负责人", "負責人",
              "所有人", "担当者", "担当", "业务员", "業務員", "销售员", "銷售員", "跟进人", "跟進人"),
    "customer": ("company", "firma", "unternehmen", "empresa", "société", "societe", "entreprise", "organisation", "organization", "organización", "公司", "企业", "企業", "会社", "お客様", "お客さま", "customer", "client", "account", "acct", "cust", "kunde", "kunden", "cliente", "compte", "cuenta", "conta",
                 "buyer", "käufer", "acheteur", "comprador", "caller", "requester", "requestor", "member",
                 "客户", "客戶", "顧客", "取引先", "买家", "買家", "会员", "會員", "顾客"),
    "name": ("name", "names", "名", "nom", "nombre", "nome", "bezeichnung", "名称", "名稱", "名字", "姓名", "名前",
             "氏名", "title", "titel", "titre", "título", "titulo", "标题", "標題"),
    "amount": ("val", "montante", "ertrag", "amount", "amt", "value", "total", "sum", "betrag", "wert", "summe", "gesamtbetrag", "montant", "valeur",
               "importe", "monto", "valor", "金额", "金額", "额", "額", "总额", "總額", "合计", "合計"),
    "revenue": ("revenue", "sales", "turnover", "umsatz", "erlös", "ventas", "venta", "vendas", "venda",
                "销售额", "銷售額", "营收", "營收", "收入", "売上", "码洋", "碼洋", "销售", "銷售", "营业额"),
    "spend": ("spend", "spent", "spending", "cost", "costs", "expense", "expenses", "ausgaben", "kosten",
              "aufwand", "dépense", "dépenses", "depense", "coût", "cout", "gasto", "gastos", "custo", "custos",
              "支出", "花费", "花費", "费用", "費用", "消耗", "消费额", "広告費", "开销"),
    "paid": ("paid", "payment", "bezahlt", "zahlung", "payé", "paye", "paiement", "pagado", "pago", "pagamento",
             "支付", "实付", "實付", "实收", "實收", "付款", "支払"),
    "quantity": ("quantity", "qty", "units", "pieces", "menge", "anzahl", "stück", "stueck", "quantité",
                 "quantite", "cantidad", "quantidade", "数量", "數量", "件数", "件數", "個数", "销量", "銷量"),
    "price": ("price", "preis", "prix", "precio", "preço", "preco", "单价", "單價", "价格", "價格", "単価", "售价"),
    "stage": ("ステージ", "verkaufsphase", "stage", "stg", "phase", "étape", "etape", "etapa", "fase", "阶段", "階段", "段階", "フェーズ"),
    "status": ("situación", "situacion", "stand", "対応状況", "status", "state", "statut", "état", "etat", "estado", "situação", "situacao", "状态", "狀態",
               "ステータス", "状況", "状态值"),
    "source": ("procedencia", "procedência", "provenance", "provenienza", "acquisition", "referrer", "獲得元", "source", "origin", "channel", "quelle", "herkunft", "kanal", "canal", "origine", "fuente",
               "origen", "origem", "来源", "來源", "渠道", "流入元", "ソース", "チャネル"),
    "region": ("region", "territory", "area", "gebiet", "région", "región", "região", "regiao", "区域", "區域",
               "地区", "地區", "地域", "エリア", "country", "land", "pays", "país", "pais", "国家", "國家", "省份",
               "city", "stadt", "ville", "ciudad", "cidade", "城市"),
    "product": ("product", "item", "artikel", "produkt", "produit", "producto", "produto", "sku", "产品",
                "產品", "商品", "製品", "品名", "宝贝", "寶貝"),
    "lead": ("interessenten", "prospekt", "prospecto", "prospectos", "prospeto", "lead_source", "lead", "leads", "prospect", "prospects", "interessent", "piste", "prospecto", "线索", "線索",
             "潜客", "潛客", "リード", "見込み客", "mql", "sql"),
    "deal": ("chance", "affaire", "affaires", "verkaufschancen", "deal", "deals", "opportunity", "opportunities", "opp", "verkaufschance", "opportunité",
             "oportunidad", "oportunidade", "negócio", "negocio", "商机", "商機", "机会", "機會", "商談", "案件"),
    "order": ("order", "orders", "invoice", "rechnung", "bestellung", "auftrag", "commande", "facture", "pedido",
              "factura", "fatura", "订单", "訂單", "注文", "发票", "發票", "票据", "receipt", "beleg"),
    "ticket": ("consulta", "consultas", "チケット", "vorgangs", "protocolo", "reclamação", "réclamation", "reclamo", "ticket", "tickets", "case", "incident", "request", "vorgang", "anfrage", "störung", "demande",
               "solicitud", "incidencia", "caso", "chamado", "工单", "工單", "事件", "问题单", "報修", "报修",
               "インシデント", "問い合わせ"),
    "satisfaction": ("satisfaction", "csat", "zufriedenheit", "satisfacción", "satisfaccion", "satisfação",
                     "satisfacao", "满意度", "滿意度", "満足度", "满意", "滿意"),
    "score": ("score", "rating", "rate", "rated", "grade", "bewertung", "note", "puntuación", "puntuacion",
              "calificación", "nota", "avaliação", "avaliacao", "评分", "評分", "评价", "評價", "打分", "得分",
              "評価", "点数", "分数"),
    "recommend": ("recommend", "recommendation", "nps", "weiterempfehlen", "empfehlen", "weiterempfehlung",
                  "recommander", "recommanderiez", "recommandez", "recommandation", "recomendar", "recomendaría",
                  "recomendaria", "recomendarias", "recomendaria", "recomendaria", "recomendación", "recomendação", "推荐", "推薦",
                  "おすすめ"),
    "priority": ("priority", "severity", "urgency", "priorität", "dringlichkeit", "priorité", "prioridad",
                 "prioridade", "优先级", "優先級", "優先度", "紧急程度", "緊急度"),
    "category": ("reason", "reasons", "motif", "motivo", "anliegen", "grund", "theme", "thema", "thème", "tema", "assunto", "理由", "事由", "category", "kategorie", "catégorie", "categorie", "categoría", "categoria", "类别", "類別",
                 "分类", "分類", "カテゴリ", "カテゴリー"),
    "type": ("type", "typ", "tipo", "类型", "類型", "種別", "タイプ", "种类", "種類"),
    "team": ("team", "group", "department", "abteilung", "gruppe", "équipe", "equipe", "groupe", "service",
             "equipo", "grupo", "departamento", "团队", "團隊", "部门", "部門", "小组", "小組", "チーム"),
    "agent": ("agent", "assignee", "assigned", "handler", "bearbeiter", "zugewiesen", "assigné", "asignado",
              "atribuído", "客服", "处理人", "處理人", "受理人", "坐席", "対応者"),
    "converted": ("成約済み", "成約済", "umgewandelt", "transformé", "transforme", "convertida", "convertido", "converted", "conversion", "konvertiert", "umgewandelt", "converti", "convertido", "转化",
                  "轉化", "转换", "轉換", "コンバージョン"),
    "hours": ("hours", "hour", "hrs", "hr", "stunden", "stunde", "heures", "horas", "小时", "小時", "时长", "時長"),
    "days": ("days", "tage", "jours", "días", "dias", "天数", "天數", "日数", "天"),
    "month": ("month", "monat", "mois", "mes", "mês", "月份", "月"),
    "churn": ("churn", "churned", "cancelled", "canceled", "abgewandert", "gekündigt", "résilié", "cancelado",
              "流失", "解約"),
    "segment": ("segment", "industry", "sector", "branche", "secteur", "industria", "setor", "行业", "行業",
                "业种", "業種", "级别", "級別", "等级", "等級"),
    "email": ("email", "mail", "e-mail", "邮箱", "郵箱", "电子邮件", "メール"),
    "version": ("version", "revision", "mod", "modcount", "sequence", "seq", "版本", "修订", "版次"),
    "count": ("count", "anzahl", "nombre", "número", "次数", "次數", "回数"),
    "ad": ("ad", "ads", "advertising", "campaign", "werbung", "kampagne", "publicité", "campagne", "publicidad",
           "campaña", "anúncio", "campanha", "投放", "广告", "廣告", "広告", "推广", "推廣"),
    "submitted": ("submitted", "submit", "submission", "eingereicht", "soumis", "enviado", "提交", "送信"),
    "by": ("by", "von", "par", "por", "人"),
}

# Concepts that say what kind of value a column holds, not what it is about: a synonym made only of these
# ("date", "number", "status") matches a header only when the header says nothing more.
GENERIC = frozenset({"id", "date", "status", "name", "type", "amount", "count", "by"})

# Words that carry no meaning in a header.
STOPWORDS = frozenset(
    ["a", "an", "the", "of", "at", "on", "in", "to", "for", "and", "or", "is", "de", "del", "des", "du", "la", "le", "les", "el", "los", "las", "der", "die", "das", "den", "dem", "von", "vom", "zum", "zur", "am", "im", "em", "do", "da", "dos", "das", "e", "et", "y", "und", "的", "の", "之", "in", "sys", "u", "x"]
)

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")
_LATIN_SPLIT = re.compile(r"[^0-9a-zà-ÿß#]+")
_CAMEL = re.compile(r"(?<=[a-zà-ÿ0-9])(?=[A-ZÀ-Þ])")


def _word_index() -> tuple[dict[str, str], dict[str, str]]:
    latin: dict[str, str] = {}
    cjk: dict[str, str] = {}
    for concept, words in VOCABULARY.items():
        for word in words:
            target = cjk if _CJK.fullmatch(word) else latin
            target.setdefault(word.lower(), concept)
    return latin, cjk


_LATIN, _CJK_WORDS = _word_index()
_CJK_LONGEST = max(len(w) for w in _CJK_WORDS)


@functools.lru_cache(maxsize=65536)
def header_concepts(header: str) -> tuple[frozenset[str], int]:
    """The header's concepts and how many meaningful words it has (known or not)."""
    text = unicodedata.normalize("NFKC", str(header)).strip()
    text = _CAMEL.sub(" ", text) if not text.isupper() else text
    concepts: set[str] = set()
    words = 0
    for run in _CJK.findall(text):
        i = 0
        while i < len(run):
            for size in range(min(_CJK_LONGEST, len(run) - i), 0, -1):
                concept = _CJK_WORDS.get(run[i : i + size])
                if concept is not None:
                    concepts.add(concept)
                    words += 1
                    i += size
                    break
            else:  # characters the vocabulary does not know stay as one literal word ("跟进时间" -> 跟进 + time)
                start = i
                while i < len(run) and not any(run[i : i + n] in _CJK_WORDS for n in range(1, _CJK_LONGEST + 1)):
                    i += 1
                literal = "".join(ch for ch in run[start:i] if ch not in STOPWORDS)
                if literal:
                    concepts.add(literal)
                    words += 1
    latin = _CJK.sub(" ", text).lower()
    for word in _LATIN_SPLIT.split(latin.replace("_", " ").replace("#", " # ").replace("n°", "n ").replace("nº", "n ")):
        if not word or word in STOPWORDS or word.isdigit():
            continue
        words += 1
        concept = _LATIN.get(word) or (_LATIN.get(word[:-1]) if word.endswith("s") and len(word) > 4 else None)
        concepts.update([concept] if concept else _compound(word) or [word])
    return frozenset(concepts), words


def _compound(word: str) -> list[str]:
    """Compounds (``Rechnungsnummer``, ``Erstelldatum``, ``customerid``): a known word at the end, and the
    head as a known word (after a German linking s/es/n/en) or as a literal when the tail is long enough."""
    for cut in range(3, len(word) - 1):
        head, tail = word[:cut], word[cut:]
        if tail not in _LATIN:
            continue
        for linker in ("", "s", "es", "n", "en"):
            if linker and not head.endswith(linker):
                continue
            known = _LATIN.get(head[: len(head) - len(linker)] if linker else head)
            if known:
                return [known, _LATIN[tail]]
        if len(tail) >= 5:
            return [head, _LATIN[tail]]
    return []


def match_quality(synonym: str, header: str) -> float:
    """0 when the synonym's concepts are not all in the header; else the share of the header they explain."""
    return quality_of(header_concepts(synonym)[0], header_concepts(header)[0])


def quality_of(want: frozenset[str], have: frozenset[str]) -> float:
    """``match_quality`` on concept sets."""
    if not want or not want <= have:
        return 0.0
    # "单号" (id) is no match for "工单编号" (ticket id): a generic synonym matches a header whose other words
    # are not in the vocabulary ("declared_value", "Montant TTC"), never one that says more.
    if want <= GENERIC and any(c in VOCABULARY for c in have - want):
        return 0.0
    return len(want) / len(have)  # "销售码洋" is two words for one concept: fully explained


def has_concepts(header: str, *concepts: str) -> bool:
    return set(concepts) <= header_concepts(header)[0]


# A survey question that names its scale: "On a scale of 0-10, how ...", "推荐意愿(0-10分)", "Note (1 à 5)".
SCALE_IN_HEADER = re.compile(r"(?<!\d)(0|1)\s*(?:-|–|~|～|〜|to|bis|à|a|até|到|至)\s*(5|7|10)(?!\d)\s*[分点]?")


def scale_in_header(header: str) -> int | None:
    """The top of the scale a header names (``0-10`` -> 10), or None."""
    match = SCALE_IN_HEADER.search(unicodedata.normalize("NFKC", str(header)).lower())
    return int(match.group(2)) if match else None
