using System.Text.RegularExpressions;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Intake;
using VictimAssistance.Forms;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Tests.Intake;

/// <summary>The committed XLSForm (seeds/forms/) against its source, the XLSForm specification and the intake mapping.</summary>
public sealed partial class XlsFormTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<string>>>> Committed = new(() =>
    {
        using var file = File.OpenRead(Path.Combine(RepositoryLayout.FindRoot(), XlsFormWorkbook.RelativePath));
        return XlsFormWorkbook.Read(file);
    });

    [Fact]
    public void The_committed_xlsx_holds_exactly_what_the_form_definition_produces_run_the_forms_tool_after_a_change()
    {
        foreach (var sheet in XlsFormSheets.Of(KoboForm.Survey))
        {
            var expected = new[] { sheet.Header }.Concat(sheet.Rows).Select(row => string.Join('|', row));
            Assert.Equal(expected, Committed.Value[sheet.Name].Select(row => string.Join('|', row)));
        }

        Assert.Equal(["survey", "choices", "settings"], Committed.Value.Keys);
    }

    [Fact]
    public void Every_survey_row_has_an_xlsform_type_a_valid_name_labels_in_every_language_and_selects_name_existing_choice_lists()
    {
        var survey = Sheet("survey");
        var lists = Sheet("choices").Select(row => row["list_name"]).ToHashSet();
        var names = survey.Select(row => row["name"]).ToHashSet();
        var open = new Stack<(string Kind, string Name)>();
        foreach (var row in survey)
        {
            var type = row["type"];
            Assert.Matches(Name(), row["name"]);
            if (type.StartsWith("end_", StringComparison.Ordinal))
            {
                Assert.Equal((type[4..], row["name"]), open.Pop());
                continue;
            }

            Assert.All(XlsFormSheets.Languages, language => Assert.False(string.IsNullOrWhiteSpace(row[$"label::{language}"]), $"{row["name"]} lacks label::{language}"));
            var select = Select().Match(type);
            if (type is "begin_group" or "begin_repeat")
            {
                open.Push((type[6..], row["name"]));
            }
            else if (select.Success)
            {
                Assert.Contains(select.Groups["list"].Value, lists);
            }
            else
            {
                Assert.Contains(type, new[] { "text", "integer", "decimal", "date" });
            }

            Assert.Contains(row["required"], new[] { "", "yes" });
            foreach (var expression in new[] { row["relevant"], row["constraint"] })
            {
                Assert.All(Reference().Matches(expression), reference => Assert.Contains(reference.Groups["name"].Value, names));
            }

            Assert.True(row["constraint"].Length == 0 || row["constraint"].Contains('.', StringComparison.Ordinal), $"{row["name"]}: a constraint tests '.'");
            Assert.True(
                row["constraint"].Length == 0 || XlsFormSheets.Languages.All(language => row[$"constraint_message::{language}"].Length > 0),
                $"{row["name"]}: a constraint has a message in every language");
        }

        Assert.Empty(open);
    }

    [Fact]
    public void Every_choice_has_a_valid_name_unique_in_its_list_and_labels_in_every_language_and_every_list_is_used()
    {
        var choices = Sheet("choices");
        Assert.All(choices, choice => Assert.Matches(ChoiceName(), choice["name"]));
        Assert.All(choices.GroupBy(choice => choice["list_name"]), list => Assert.Equal(list.Count(), list.Select(choice => choice["name"]).Distinct().Count()));
        Assert.All(choices, choice => Assert.All(XlsFormSheets.Languages, language => Assert.False(string.IsNullOrWhiteSpace(choice[$"label::{language}"]))));
        var used = Sheet("survey").Select(row => Select().Match(row["type"])).Where(match => match.Success).Select(match => match.Groups["list"].Value).ToHashSet();
        Assert.Equal(used.Order(), choices.Select(choice => choice["list_name"]).Distinct().Order());
    }

    [Fact]
    public void The_settings_row_names_the_form_id_version_and_the_default_language_of_the_label_columns()
    {
        var settings = Assert.Single(Sheet("settings"));
        Assert.Equal(KoboForm.FormId, settings["form_id"]);
        Assert.Matches("^[0-9]+$", settings["version"]);
        Assert.Contains(settings["default_language"], XlsFormSheets.Languages);
        Assert.False(string.IsNullOrWhiteSpace(settings["form_title"]));
    }

    [Fact]
    public void Every_field_group_and_choice_of_the_xlsx_is_known_to_the_intake_mapping_and_the_reverse()
    {
        var fields = new List<string>();
        var groups = new List<string>();
        var path = new Stack<string>();
        foreach (var row in Sheet("survey"))
        {
            switch (row["type"])
            {
                case "begin_group" or "begin_repeat":
                    groups.Add(row["name"]);
                    path.Push(row["name"]);
                    break;
                case "end_group" or "end_repeat":
                    path.Pop();
                    break;
                default:
                    fields.Add(string.Join('/', path.Reverse().Append(row["name"])));
                    break;
            }
        }

        var mapping = new FormFields(KoboForm.Survey);
        Assert.Equal(KoboSubmissionReader.FieldNames.Order(), fields.Order());
        Assert.Equal(mapping.Groups.Order(), groups.Order());
        var choices = Sheet("choices").Select(choice => (choice["list_name"], choice["name"])).ToList();
        Assert.All(choices, choice => Assert.True(mapping.IsChoice(choice.Item1, choice.Item2), $"{choice} is unknown to the mapping"));
        Assert.Equal(KoboForm.Survey.ChoiceLists.Sum(list => list.Choices.Count), choices.Count);
    }

    [Fact]
    public void The_choice_lists_of_api_vocabularies_hold_exactly_the_vocabularies()
    {
        var choices = Sheet("choices").ToLookup(choice => choice["list_name"], choice => choice["name"]);
        Assert.Equal(Vocabularies.Sex, choices["sex"]);
        Assert.Equal(Vocabularies.VictimType, choices["victim_type"]);
        Assert.Equal(Vocabularies.DeviceType, choices["device_type"]);
        Assert.Equal(Vocabularies.CivilianStatus, choices["civilian_status"]);
        Assert.Equal(Vocabularies.LegalBasis, choices["legal_basis"]);
        Assert.Equal(Vocabularies.ConsentGivenBy, choices["consent_given_by"]);
        Assert.Equal(Vocabularies.ServiceType, choices["service_type"]);
        Assert.Equal(Vocabularies.Urgency, choices["urgency"]);
        Assert.Equal(["1", "2", "3", "4"], choices["difficulty"]);
    }

    private static List<Dictionary<string, string>> Sheet(string name)
    {
        var rows = Committed.Value[name];
        var header = rows[0];
        return rows.Skip(1).Select(row => header.Select((column, index) => (column, value: index < row.Count ? row[index] : "")).ToDictionary(cell => cell.column, cell => cell.value)).ToList();
    }

    [GeneratedRegex("^(select_one|select_multiple) (?<list>[A-Za-z_][A-Za-z0-9_]*)$")]
    private static partial Regex Select();

    [GeneratedRegex(@"\$\{(?<name>[^}]+)\}")]
    private static partial Regex Reference();

    // XML element names: pyxform refuses anything else.
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]*$")]
    private static partial Regex Name();

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex ChoiceName();
}
