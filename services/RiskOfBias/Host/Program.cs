using EvSysReview.RiskOfBias;
using EvSysReview.ServiceDefaults;

ServiceHost.Create(args, builder => builder.AddRiskOfBias(), app => app.MapRiskOfBias()).Run();
