using System.Text.Json.Nodes;
using VictimAssistance.Core.Intake;

namespace VictimAssistance.Tests.Intake;

public sealed class KoboReconciliationTests
{
    [Fact]
    public void The_first_page_asks_the_v2_data_endpoint_for_json_after_the_cursor_by_id_ascending()
    {
        var page = KoboReconciliation.FirstPage(new Uri("https://kf.kobotoolbox.org"), "aHk3Vd9sWq2LmN8pRt5YxZ", 301456701);

        Assert.Equal("/api/v2/assets/aHk3Vd9sWq2LmN8pRt5YxZ/data/", page.AbsolutePath);
        var query = System.Web.HttpUtility.ParseQueryString(page.Query);
        Assert.Equal("json", query["format"]);
        Assert.Equal(KoboReconciliation.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture), query["limit"]);
        Assert.Equal(301456701, JsonNode.Parse(query["query"]!)!["_id"]!["$gt"]!.GetValue<long>());
        Assert.Equal(1, JsonNode.Parse(query["sort"]!)!["_id"]!.GetValue<int>());
    }

    [Fact]
    public void The_edit_sweep_asks_for_every_submission_that_replaced_a_version()
    {
        var page = KoboReconciliation.EditedPage(new Uri("https://kf.kobotoolbox.org"), "aHk3Vd9sWq2LmN8pRt5YxZ");

        var query = System.Web.HttpUtility.ParseQueryString(page.Query);
        Assert.Equal("/api/v2/assets/aHk3Vd9sWq2LmN8pRt5YxZ/data/", page.AbsolutePath);
        Assert.True(JsonNode.Parse(query["query"]!)!["meta/deprecatedID"]!["$exists"]!.GetValue<bool>());
        Assert.Equal(1, JsonNode.Parse(query["sort"]!)!["_id"]!.GetValue<int>());
    }
}
