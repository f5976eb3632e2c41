using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using VictimAssistance.Core.Validation;
using VictimAssistance.Functions.Http;

namespace VictimAssistance.Tests.Http;

public sealed class ApiResultsTests
{
    [Fact]
    public async Task A_busy_problem_is_503_with_Retry_After_as_problem_json()
    {
        var context = new DefaultHttpContext { Response = { Body = new MemoryStream() } };

        await ApiResults.Problem(Problem.Busy("retry")).ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal(ApiResults.ProblemContentType, context.Response.ContentType);
    }

    [Theory]
    [InlineData(ProblemKind.BadRequest, 400)]
    [InlineData(ProblemKind.Forbidden, 403)]
    [InlineData(ProblemKind.NotFound, 404)]
    [InlineData(ProblemKind.Conflict, 409)]
    [InlineData(ProblemKind.PreconditionFailed, 412)]
    [InlineData(ProblemKind.Unprocessable, 422)]
    [InlineData(ProblemKind.PreconditionRequired, 428)]
    [InlineData(ProblemKind.Busy, 503)]
    public void Every_problem_kind_has_its_status(ProblemKind kind, int status) => Assert.Equal(status, ApiResults.StatusOf(kind));
}
