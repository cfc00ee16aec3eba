#include "broker_v2.pb.h"
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <fstream>
#include <string>
namespace pb = running_process::broker::v2;
static void save(const google::protobuf::MessageLite& m, const char* path) {
  std::string out;
  { google::protobuf::io::StringOutputStream sos(&out);
    google::protobuf::io::CodedOutputStream cos(&sos);
    cos.SetSerializationDeterministic(true);
    m.SerializeToCodedStream(&cos); }
  std::ofstream(path, std::ios::binary) << out;
}
int main() {
  pb::ServiceDefinition d;
  d.set_service_name("zccache");
  d.set_binary_path("/opt/zccache/bin/zccache");
  d.set_isolation(pb::EXPLICIT_INSTANCE);
  d.set_explicit_instance("team-a");
  d.set_per_version_binary_dir("/opt/zccache/versions");
  d.set_min_version("1.2.0");
  d.add_version_allow_list("1.2.3");
  d.add_version_allow_list("1.3.0-rc.1");
  (*d.mutable_labels())["tier"] = "dev";
  (*d.mutable_labels())["owner"] = "build-infra";
  d.mutable_http_server()->set_bind_addr("127.0.0.1:0");
  d.mutable_http_server()->set_health_path("/healthz");
  d.mutable_http_server()->set_display_name("zccache cache");
  save(d, "service_definition_full.bin");

  pb::ServiceDefinition s;
  s.set_service_name("shared-svc");
  s.set_binary_path("/usr/bin/shared-svc");
  s.set_isolation(pb::SHARED_BROKER);
  s.mutable_http_server();  // present but empty: presence is the capability
  save(s, "service_definition_shared.bin");

  pb::ServiceDefinition p;
  p.set_service_name("a");
  p.set_binary_path("/bin/a");
  save(p, "service_definition_private.bin");

  pb::CacheManifest m;
  m.set_service_name("zccache");
  m.set_service_version("1.2.3");
  m.set_broker_envelope_version("v2");
  m.set_created_at_unix_ms(1700000000123ULL);
  m.set_last_active_unix_ms(1700000456789ULL);
  auto* r = m.add_roots(); r->set_kind(pb::CACHE_DATA); r->set_path("/var/cache/zccache/data");
  r = m.add_roots(); r->set_kind(pb::CACHE_INDEX); r->set_path("/var/cache/zccache/index");
  r = m.add_roots(); r->set_kind(pb::CACHE_TMP); r->set_path("/tmp/zccache");
  m.set_broker_instance("team-a");
  m.set_bundle_id("com.example.zccache");
  save(m, "cache_manifest_full.bin");
  return 0;
}
