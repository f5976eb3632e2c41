using VictimAssistance.Core.Intake;
using VictimAssistance.Forms;

// dotnet run --project tools/VictimAssistance.Forms (from the repository): writes the form after a change of
// KoboForm; raise KoboForm.Version with every change, KoboToolbox shows it.
var root = new DirectoryInfo(Directory.GetCurrentDirectory());
while (!File.Exists(Path.Combine(root.FullName, "VictimAssistance.sln")))
{
    root = root.Parent ?? throw new InvalidOperationException("Run this from inside the repository.");
}

using (var output = File.Create(Path.Combine(root.FullName, XlsFormWorkbook.RelativePath)))
{
    XlsFormWorkbook.Write(output, XlsFormSheets.Of(KoboForm.Survey));
}

Console.WriteLine($"Wrote {XlsFormWorkbook.RelativePath} (form {KoboForm.FormId}, version {KoboForm.Version}).");
