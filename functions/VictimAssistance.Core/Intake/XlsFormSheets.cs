namespace VictimAssistance.Core.Intake;

/// <summary>One worksheet of an XLSForm: its name, the header row and the rows below it, all as text.</summary>
public sealed record XlsFormSheet(string Name, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// The <c>survey</c>, <c>choices</c> and <c>settings</c> sheets of a form, cell by cell as the XLSForm specification
/// names its columns (translations as <c>column::Language (code)</c>). The committed .xlsx must hold exactly these.
/// </summary>
public static class XlsFormSheets
{
    public const string English = "English (en)";
    public static readonly IReadOnlyList<string> Languages = [English, "Azerbaijani (az)", "Russian (ru)"];

    public static IReadOnlyList<XlsFormSheet> Of(SurveyForm form) => [Survey(form), Choices(form), Settings(form)];

    private static XlsFormSheet Survey(SurveyForm form)
    {
        string[] header = ["type", "name", .. Translated("label"), "required", "relevant", "constraint", .. Translated("constraint_message")];
        var rows = new List<IReadOnlyList<string>>();
        rows.AddRange(form.Questions.Select(QuestionRow));
        foreach (var group in form.Groups)
        {
            var kind = group.IsRepeat ? "repeat" : "group";
            rows.Add([$"begin_{kind}", group.Name, .. Texts(group.Label), "", "", "", "", "", ""]);
            rows.AddRange(group.Questions.Select(QuestionRow));
            rows.Add([$"end_{kind}", group.Name, "", "", "", "", "", "", "", "", ""]);
        }

        return new XlsFormSheet("survey", header, rows);
    }

    private static string[] QuestionRow(FormQuestion question) =>
    [
        question.XlsFormType,
        question.Name,
        .. Texts(question.Label),
        question.Required ? "yes" : "",
        question.Relevant ?? "",
        question.Constraint ?? "",
        .. question.ConstraintMessage is { } message ? Texts(message) : ["", "", ""],
    ];

    private static XlsFormSheet Choices(SurveyForm form) => new(
        "choices",
        ["list_name", "name", .. Translated("label")],
        form.ChoiceLists.SelectMany(list => list.Choices.Select(choice => (IReadOnlyList<string>)[list.Name, choice.Name, .. Texts(choice.Label)])).ToList());

    private static XlsFormSheet Settings(SurveyForm form) => new(
        "settings",
        ["form_title", "form_id", "version", "default_language"],
        [[form.Title, form.FormId, form.Version, English]]);

    private static IEnumerable<string> Translated(string column) => Languages.Select(language => $"{column}::{language}");

    private static string[] Texts(FormText text) => [text.English, text.Azerbaijani, text.Russian];
}
