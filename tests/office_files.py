"""Ledgers and a 分工方案 written the way county and city offices write them, not the way the importer reads them.

Each builder writes a real file (openpyxl for .xlsx, the csv module for .csv) with the habits seen in offices'
own sheets: a title over merged cells, a 填报单位 line, two-row merged headers, category rows 一、/（一）, 小计 and
合计 rows that carry sums, 注 rows at the foot, Excel serial dates, codes in the form the national online approval
platform prints, several places in one cell, a 所属旗县 column added at the end. The content is invented.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

# Codes as the national online approval platform prints them: 4-6-2-2-6, the last part digits only.
CODE_HYDROGEN = "2104-150621-04-01-382911"
CODE_SAND = "2203-150621-04-01-517302"
CODE_WATER = "2301-150600-04-05-106623"


def merged_two_row_header(path: Path) -> Path:
    """A 盟市 ledger with a two-row header: 审批手续 and 投资 spans over their sub-columns, category rows, 小计/合计."""
    book = Workbook()
    sheet = book.active
    sheet.title = "重点项目"
    top = ["序号", "项目名称", "项目代码", "所属旗县", "建设单位", "建设内容及规模", "建设起止年限", "投资情况（万元）",
           None, None, "前期手续办理情况", None, None, None, None, None, None, None, None, "实际开工时间", "包联领导",
           "责任单位", "备注"]
    sub = [None, None, None, None, None, None, None, "总投资", "2027年计划投资", "截至2026年底累计完成投资",
           "立项（审批/核准/备案）", "用地预审与选址意见书", "建设用地规划许可证", "建设工程规划许可证", "环评批复",
           "节能审查", "使用林地草原审核", "水土保持方案", "施工许可证", None, None, None, None]
    sheet.append(["鄂尔多斯市2027年自治区重大项目推进台账"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(top))
    sheet.append(top)
    sheet.append(sub)
    for col, label in enumerate(top, start=1):
        if label in ("投资情况（万元）",):
            sheet.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + 2)
        elif label == "前期手续办理情况":
            sheet.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + 8)
        elif label is not None:
            sheet.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    body = [
        ["一、新能源", *[None] * 22],
        [1, "达拉特旗光伏治沙制氢项目", CODE_HYDROGEN, "达拉特旗", "达拉特旗绿氢能源有限公司",
         "建设光伏100万千瓦、电解水制氢3万吨/年", "2026-2028", 420000, 150000, 213000, "已备案", "已办结",
         "办理中", "未启动", "已批复", "办理中", "办理中", "已批复", None, "2026-05-10", "王副旗长", "旗能源局",
         "一期已并网"],
        [2, "库布其沙漠风电基地二期", CODE_SAND, "达拉特旗、杭锦旗", "库布其风电开发公司", "风电50万千瓦",
         "2027-2029", 260000, 90000, 0, "已核准", "已办结", "已办结", "已办结", "已批复", "已办结", "不涉及",
         "已批复", "办理中", None, "李副市长", "市能源局", None],
        ["小计", None, None, None, None, None, None, 680000, 240000, 213000, *[None] * 13],
        ["二、基础设施", *[None] * 22],
        [3, "东康快速通道改造", CODE_WATER, "东胜区、康巴什区", "市交通投资公司", "改造城市快速路12公里",
         "2027-2028", 86000, 30000, 0, "已审批", "不涉及", "办理中", "未启动", "办理中", "不涉及", "不涉及",
         "未启动", "未启动", None, "张副市长", "市交通运输局", "征拆未完成"],
        ["小计", None, None, None, None, None, None, 86000, 30000, 0, *[None] * 13],
        ["合计（3个项目）", None, None, None, None, None, None, 766000, 270000, 213000, *[None] * 13],
        ["注：1.投资单位为万元；2.手续状态截至2027年3月底。", *[None] * 22],
    ]
    for row in body:
        sheet.append(row)
    sheet.merge_cells(start_row=4, start_column=1, end_row=4, end_column=len(top))
    book.save(path)
    return path


# What a clerk writes in a second remarks column the office added on its own (备注2), one a row.
SECOND_REMARKS = ("需市里协调电力接入", None, "牧民补偿待落实")


def county_weekly_ledger(path: Path, *, second_remarks: bool = False) -> Path:
    """A 旗县's 周调度台账: a 填报单位 line, 建设地点 holding 苏木镇 names, this week's figures and 包联领导;
    with `second_remarks`, a 备注2 column the office added at the end (PlanTrack knows no such column)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "第14周"
    header = ["序号", "项目名称", "建设地点", "项目类别", "总投资（万元）", "2027年计划投资（万元）",
              "本周完成投资（万元）", "截至目前累计完成投资（万元）", "计划开工时间", "实际开工时间", "本周工作进展",
              "存在问题", "包联领导", "责任单位", "环评", "能评", "林草", "施工许可"]
    if second_remarks:
        header.append("备注2")
    sheet.append(["达拉特旗重大项目周调度台账（2027年第14周）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(["填报单位：达拉特旗发展和改革委员会", None, None, None, None, None, None, None, None, None, None,
                  None, "填报日期：2027年4月9日"])
    sheet.append(header)
    sheet.append([1, "树林召镇农畜产品加工园", "树林召镇", "产业", 38000, 12000, 600, 4200, "2027年3月",
                  "2027年3月20日", "厂房钢结构吊装完成60%", "配套电力线路未接入", "赵副旗长", "树林召镇人民政府",
                  "已批复", "不涉及", "不涉及", "已办结"])
    sheet.append([2, "王爱召镇黄河堤防加固", "王爱召镇", "水利", 15500, 8000, 0, 0, "2027年5月", None,
                  "完成初步设计批复", None, "孙副旗长", "旗水利局", "办理中", "不涉及", "办理中", "未启动"])
    sheet.append([3, "展旦召苏木光伏牧光互补项目", "展旦召苏木", "新能源", 96000, 50000, 2500, 18000,
                  "2027年4月", "2027年4月1日", "桩基施工", "林草手续未批复", "王副旗长", "旗能源局", "已批复",
                  "已办结", "办理中", "容缺办理"])
    if second_remarks:
        for row, remark in zip(sheet.iter_rows(min_row=4, max_row=6), SECOND_REMARKS, strict=True):
            sheet.cell(row=row[0].row, column=len(header), value=remark)
    sheet.append(["合计", None, None, None, 149500, 70000, 3100, 22200])
    book.save(path)
    return path


def wps_ledger(path: Path) -> Path:
    """A sheet as WPS 表格 saves it after a clerk's editing: headers broken over lines and padded with spaces,
    dates stored as bare serial numbers, 待赋码 in the code column, the 所属旗县 column added at the very end."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    header = ["序\n号", "项目名称", "项目代码", "建设地点", "总投资\n（万元）", "年度计划\n投资（万元）",
              "累计完成\n投资(万元)", "计划开工\n时间", "项目\n状态", "用地 预审", "环  评", "施工许可",
              "本周完成投资", "所属旗县"]
    sheet.append(header)
    for cell in sheet[1]:
        cell.alignment = Alignment(wrap_text=True)
        cell.font = Font(bold=True)
    sheet.append([1, "准格尔旗煤矸石综合利用电厂", "待赋码", "薛家湾镇", 128000, 30000, 5000, 46447, "前期",
                  "办理中", "未启动", "未启动", 0, "准格尔旗"])
    sheet.append([2, "伊金霍洛旗零碳产业园配套管网", "无", "阿勒腾席热镇", 22000, 9000, 7600, 46082, "在建",
                  "已办结", "已办结", "已办结", 800, "伊金霍洛旗"])
    book.save(path)
    return path


def gbk_csv_ledger(path: Path) -> Path:
    """A CSV saved from an older Excel on a Chinese Windows machine: GBK, a title line, 亿元 amounts."""
    rows = [
        ["包头市2027年重大项目清单"],
        ["序号", "项目名称", "所属地区", "项目单位", "总投资（亿元）", "2027年计划投资（亿元）",
         "截至2026年底累计完成投资（亿元）", "计划开工", "项目状态", "用地预审", "环评批复", "施工许可"],
        ["1", "包头稀土新材料产业园标准化厂房", "九原区", "园区开发公司", "12.5", "4", "3.2", "2026年9月",
         "在建", "已办结", "已批复", "已办结"],
        ["2", "昆都仑区老旧小区改造", "昆都仑区", "区住建局", "3.8", "1.5", "0", "2027年5月", "前期",
         "不涉及", "不涉及", "未启动"],
        ["注：数据截至2027年3月31日"],
    ]
    with path.open("w", newline="", encoding="gbk") as f:
        csv.writer(f).writerows(rows)
    return path


def division_of_work_plan(path: Path) -> Path:
    """A 分工方案 as an office writes it: chapter heading rows, 具体举措 and 备注 columns, standard short names,
    collective units, a company, and 各有关部门."""
    book = Workbook()
    sheet = book.active
    sheet.title = "分工方案"
    sheet.append(["《内蒙古自治区“十五五”规划纲要》重点任务分工方案"])
    sheet.merge_cells("A1:G1")
    sheet.append(["序号", "重点任务", "具体举措", "牵头单位", "配合单位", "完成时限", "备注"])
    rows = [
        ["一、加快建设国家重要能源和战略资源基地", None, None, None, None, None, None],
        [1, "推进大型风电光伏基地建设", "2027年底前新增新能源装机2000万千瓦以上，配套建设储能",
         "自治区能源局", "自治区发展改革委、自治区自然资源厅、各盟行政公署、市人民政府", "2027年12月31日",
         "按年度滚动推进"],
        [2, "完善电网主网架", "建成500千伏输变电工程3项", "内蒙古电力（集团）有限责任公司", "各有关部门",
         "2028年6月30日", None],
        ["二、推动生态文明建设", None, None, None, None, None, None],
        [3, "实施沙化土地综合治理", "每年完成防沙治沙任务1000万亩", "自治区林草局",
         "各旗县（市、区）人民政府、自治区水利厅", "2030年12月31日", "纳入年度考核"],
        [4, "促进高校毕业生就业", "开发见习岗位1万个", "自治区人力资源社会保障厅", "自治区教育厅",
         "2027年12月31日", None],
    ]
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def as_xls(source: Path, target: Path) -> Path:
    """The same sheet saved in the old Excel format (.xls, BIFF8) as older office machines do, merges included."""
    import xlwt
    from openpyxl import load_workbook

    sheet = load_workbook(source).active
    book = xlwt.Workbook(encoding="utf-8")
    out = book.add_sheet(sheet.title)
    merged = {(r.min_row, r.min_col): r for r in sheet.merged_cells.ranges}
    covered = {(row, col) for r in sheet.merged_cells.ranges for row in range(r.min_row, r.max_row + 1)
               for col in range(r.min_col, r.max_col + 1)}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            if (cell.row, cell.column) in merged:
                r = merged[(cell.row, cell.column)]
                out.write_merge(r.min_row - 1, r.max_row - 1, r.min_col - 1, r.max_col - 1, cell.value)
            elif (cell.row, cell.column) not in covered:
                out.write(cell.row - 1, cell.column - 1, cell.value)
    book.save(str(target))
    return target


def as_ods(source: Path, target: Path) -> Path:
    """The same sheet as an OpenDocument spreadsheet (.ods), written as LibreOffice Calc stores one."""
    import zipfile
    from xml.sax.saxutils import escape

    from openpyxl import load_workbook

    sheet = load_workbook(source).active
    spans = {(r.min_row, r.min_col): r for r in sheet.merged_cells.ranges}
    rows_xml = []
    for row in sheet.iter_rows():
        cells = []
        for cell in row:
            attrs = ""
            if (cell.row, cell.column) in spans:
                r = spans[(cell.row, cell.column)]
                attrs = (f' table:number-columns-spanned="{r.max_col - r.min_col + 1}"'
                         f' table:number-rows-spanned="{r.max_row - r.min_row + 1}"')
            value = cell.value
            if value is None:
                cells.append(f"<table:table-cell{attrs}/>")
            elif isinstance(value, int | float):
                cells.append(f'<table:table-cell{attrs} office:value-type="float" office:value="{value}">'
                             f"<text:p>{value}</text:p></table:table-cell>")
            else:
                cells.append(f'<table:table-cell{attrs} office:value-type="string"><text:p>{escape(str(value))}'
                             f"</text:p></table:table-cell>")
        rows_xml.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet.title)}">'
               + "".join(rows_xml) + "</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return target


# Figures as a 盟市 statistics office sends them: (indicator code, unit code, period, value, measure unit, comment,
# the extra column's text).
OFFICE_VALUES = [
    ("1", "150600", "2026M10", 2500.5, "亿元", "快报数", "含能源工业"),
    ("2", "150600", "2026M10", 72.3, "%", None, None),
    ("1", "150200", "2026M10", 3100, "亿元", None, "初步核算"),
]


def office_values_workbook(path: Path, rows=OFFICE_VALUES, *, extra: str = "备注说明", comment: bool = True) -> Path:
    """A values sheet as an office writes it: a title and a 填报单位 line over the header, a two-row header with
    "本期数据" merged over 数值 / 计量单位 (the other header cells merged down), a merged chapter heading, a 合计 row
    with the sum, a 注 row at the foot, and a column the import does not know (`extra`, e.g. 备注说明 or 说明).
    Without `comment` there is no 备注 column, so `extra` may be mapped to the comment."""
    book = Workbook()
    sheet = book.active
    sheet.title = "十月"
    top = ["指标编码", "单位代码", "报告期", "本期数据", None, *(["备注"] if comment else []), extra]
    sub = [None, None, None, "数值", "计量单位", *([None] if comment else []), None]
    width = len(top)
    sheet.append(["鄂尔多斯市2026年10月主要经济指标报送表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["填报单位：鄂尔多斯市统计局", None, None, None, "报送日期：2026年11月5日"])
    sheet.append(top)
    sheet.append(sub)
    for col, label in enumerate(top, start=1):
        if label == "本期数据":
            sheet.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + 1)
        elif label is not None:
            sheet.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
        sheet.cell(row=3, column=col).alignment = Alignment(horizontal="center", vertical="center")
    sheet.append(["一、经济发展"])
    sheet.merge_cells(start_row=5, start_column=1, end_row=5, end_column=width)
    for code, unit, period, value, measure, note, remark in rows:
        sheet.append([code, unit, period, value, measure, *([note] if comment else []), remark])
    sheet.append(["合计", None, None, sum(r[3] for r in rows if r[4] == "亿元"), "亿元"])
    sheet.append(["注：本表数据为快报数，以统计年鉴为准。"])
    sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width)
    book.save(path)
    return path
