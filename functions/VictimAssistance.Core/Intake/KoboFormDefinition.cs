namespace VictimAssistance.Core.Intake;

/// <summary>A text in the form's three languages: English, Azerbaijani, Russian.</summary>
public sealed record FormText(string English, string Azerbaijani, string Russian);

/// <summary>How a question's answer arrives from KoboToolbox (always a string) and becomes a case field.</summary>
public enum FormAnswer
{
    Text,
    WholeNumber,
    Date,
    YesNo,
    SelectOne,
    SelectMultiple,
}

/// <summary>One question: its XLSForm name, what it asks, and the case field (a dotted path) its answer fills.</summary>
public sealed record FormQuestion(string Name, FormAnswer Answer, string CaseField, FormText Label)
{
    public string? ChoiceList { get; init; }

    public bool Required { get; init; }

    /// <summary>An XPath expression on <c>.</c>, the XLSForm way.</summary>
    public string? Constraint { get; init; }

    public FormText? ConstraintMessage { get; init; }

    public string? Relevant { get; init; }

    /// <summary>The XLSForm <c>type</c> column: a question with a choice list is a select, whatever its answer becomes.</summary>
    public string XlsFormType => Answer switch
    {
        FormAnswer.SelectMultiple => $"select_multiple {ChoiceList}",
        _ when ChoiceList is not null => $"select_one {ChoiceList}",
        FormAnswer.WholeNumber => "integer",
        FormAnswer.Date => "date",
        _ => "text",
    };
}

/// <summary>A group of questions (<c>begin_group</c>) or a repeat (<c>begin_repeat</c>, one case list item per entry).</summary>
public sealed record FormGroup(string Name, FormText Label, bool IsRepeat, IReadOnlyList<FormQuestion> Questions);

/// <summary>A named list of choices; the name of each is what KoboToolbox posts.</summary>
public sealed record FormChoiceList(string Name, IReadOnlyList<FormChoice> Choices);

public sealed record FormChoice(string Name, FormText Label);

/// <summary>The form: its top-level questions first, then its groups, in the order the survey sheet lists them.</summary>
public sealed record SurveyForm(
    string FormId,
    string Version,
    string Title,
    IReadOnlyList<FormQuestion> Questions,
    IReadOnlyList<FormGroup> Groups,
    IReadOnlyList<FormChoiceList> ChoiceLists);
