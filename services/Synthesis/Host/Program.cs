using EvSysReview.Synthesis;
using EvSysReview.ServiceDefaults;

ServiceHost.Create(args, builder => builder.AddSynthesis(), app => app.MapSynthesis()).Run();
