using System.Globalization;
using System.Text.RegularExpressions;

namespace VictimAssistance.Core.Intake;

/// <summary>The form's fields by the names KoboToolbox posts (group paths), and the way back from a case field to them.</summary>
public sealed partial class FormFields
{
    private readonly Dictionary<string, FormQuestion> questions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FormGroup> repeats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> koboNames = new(StringComparer.Ordinal);
    private readonly HashSet<(string List, string Choice)> choices = [];

    public FormFields(SurveyForm form)
    {
        foreach (var question in form.Questions)
        {
            questions[question.Name] = question;
            koboNames[question.CaseField] = question.Name;
        }

        foreach (var group in form.Groups)
        {
            if (group.IsRepeat)
            {
                repeats[group.Name] = group;
            }

            foreach (var question in group.Questions)
            {
                questions[$"{group.Name}/{question.Name}"] = question;
                if (!group.IsRepeat)
                {
                    koboNames[question.CaseField] = $"{group.Name}/{question.Name}";
                }
            }
        }

        choices.UnionWith(form.ChoiceLists.SelectMany(list => list.Choices.Select(choice => (list.Name, choice.Name))));
        Groups = form.Groups.Select(group => group.Name).ToList();
    }

    /// <summary>Every field name a submission may carry, repeat items' full-path keys included.</summary>
    public IReadOnlyCollection<string> All => questions.Keys;

    public IReadOnlyList<string> Groups { get; }

    /// <summary>A name that may stand at the top of a submission: a question's path or a repeat's name.</summary>
    public bool IsTopLevel(string name) => repeats.ContainsKey(name) || (questions.ContainsKey(name) && !IsInRepeat(name));

    public FormGroup? Repeat(string name) => repeats.GetValueOrDefault(name);

    public FormQuestion Question(string name) => questions[name];

    /// <summary>A question of the repeat, by the full-path key an entry of the repeat carries.</summary>
    public FormQuestion? RepeatQuestion(FormGroup repeat, string key) =>
        key.StartsWith(repeat.Name + "/", StringComparison.Ordinal) ? questions.GetValueOrDefault(key) : null;

    public bool IsChoice(string list, string choice) => choices.Contains((list, choice));

    /// <summary>
    /// The Kobo name of a case field path, for error messages: <c>survivor.sex</c> is <c>survivor/sex</c>, the
    /// second need's <c>needs[1].urgency</c> is <c>needs[2]/urgency</c> (XPath counts from 1). Anything else stays.
    /// </summary>
    public string KoboName(string caseField)
    {
        if (koboNames.TryGetValue(caseField, out var name))
        {
            return name;
        }

        var item = RepeatItem().Match(caseField);
        if (item.Success && repeats.TryGetValue(item.Groups["repeat"].Value, out var repeat)
            && repeat.Questions.FirstOrDefault(question => question.CaseField == item.Groups["field"].Value) is { } itemQuestion)
        {
            var position = int.Parse(item.Groups["index"].Value, CultureInfo.InvariantCulture) + 1;
            return KoboSubmissionReader.RepeatItemPath(repeat.Name, position, itemQuestion.Name);
        }

        return caseField;
    }

    private bool IsInRepeat(string name) => name.Split('/') is [var group, _] && repeats.ContainsKey(group);

    [GeneratedRegex(@"^(?<repeat>[a-z_]+)\[(?<index>[0-9]+)\]\.(?<field>[A-Za-z]+)$")]
    private static partial Regex RepeatItem();
}
