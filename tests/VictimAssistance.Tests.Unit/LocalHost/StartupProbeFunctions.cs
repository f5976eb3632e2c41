using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace VictimAssistance.Tests.LocalHost;

// Function classes the start-up tests hand to the LocalHost: one bindable, each of the others refused for one reason.

public static class BindableFunctions
{
    [Function("GetItem")]
    public static IActionResult GetItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{itemId}")] HttpRequest request, string itemId, CancellationToken cancellationToken) =>
        new OkResult();

    [Function("TakeMessage")]
    public static void TakeMessage([QueueTrigger("items")] QueueMessage message, CancellationToken cancellationToken)
    {
    }
}

public static class QueueMessageNotTheTrigger
{
    [Function("Refused")]
    public static void Refused([QueueTrigger("items")] string text, QueueMessage message)
    {
    }
}

public static class StringNeitherTriggerNorRouteParameter
{
    [Function("Refused")]
    public static IActionResult Refused([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{itemId}")] HttpRequest request, string other) =>
        new OkResult();
}

public static class FunctionContextParameter
{
    [Function("Refused")]
    public static void Refused([TimerTrigger("0 0 * * * *")] TimerInfo timer, FunctionContext context)
    {
    }
}

public static class FunctionLevelRoute
{
    [Function("Refused")]
    public static IActionResult Refused([HttpTrigger(AuthorizationLevel.Function, "get", Route = "keyed")] HttpRequest request) => new OkResult();
}

public static class ReservedRoute
{
    [Function("Reserved")]
    public static IActionResult Reserved([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "administration/replay")] HttpRequest request) => new OkResult();
}
