using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using VictimAssistance.Core.Intake;

namespace VictimAssistance.Forms;

/// <summary>Writes XLSForm sheets to an .xlsx and reads them back, every cell an inline string.</summary>
public static class XlsFormWorkbook
{
    public const string RelativePath = "seeds/forms/survivor-registration.xlsx";

    public static void Write(Stream output, IReadOnlyList<XlsFormSheet> sheets)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook(new Sheets());
        uint id = 1;
        foreach (var sheet in sheets)
        {
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            foreach (var row in new[] { sheet.Header }.Concat(sheet.Rows))
            {
                data.AppendChild(new Row(row.Select(Cell)));
            }

            part.Worksheet = new Worksheet(data);
            workbook.Workbook.Sheets!.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = sheet.Name });
        }

        workbook.Workbook.Save();
    }

    /// <summary>Every sheet as rows of cell texts, in column order (an empty cell is "").</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<string>>> Read(Stream input)
    {
        using var document = SpreadsheetDocument.Open(input, isEditable: false);
        var workbook = document.WorkbookPart!;
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(item => item.InnerText).ToList() ?? [];
        return workbook.Workbook.Sheets!.Elements<Sheet>().ToDictionary(
            sheet => sheet.Name!.Value!,
            sheet => (IReadOnlyList<IReadOnlyList<string>>)((WorksheetPart)workbook.GetPartById(sheet.Id!.Value!)).Worksheet.Descendants<Row>()
                .Select(row => (IReadOnlyList<string>)row.Elements<Cell>().Select(cell => Text(cell, shared)).ToList())
                .ToList());
    }

    private static Cell Cell(string text) => new(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve })) { DataType = CellValues.InlineString };

    private static string Text(Cell cell, List<string> shared) => cell.DataType?.Value == CellValues.SharedString
        ? shared[int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)]
        : cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText : cell.CellValue?.Text ?? string.Empty;
}
