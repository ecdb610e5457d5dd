using EvSysReview.Gateway;

InlineIo.PreferForThisProcess();
var app = GatewayHost.Create(args);
app.Run();
