using EvSysReview.Gateway;

var app = GatewayHost.Create(args);
app.Run();
