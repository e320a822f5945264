#pragma once
/// @file
/// Everything in flasky's core: routing, requests and responses, JSON, the candidate model.
///
/// Platform bindings (net/, aws/, azure/, gcp/) and the Catch2 test kits (testing/) are opt-in
/// headers of their own and are never included from here.

#include <flasky/arg.hpp>
#include <flasky/blueprint.hpp>
#include <flasky/candidate.hpp>
#include <flasky/candidate_store.hpp>
#include <flasky/checked_pattern.hpp>
#include <flasky/converter.hpp>
#include <flasky/error.hpp>
#include <flasky/fixed_string.hpp>
#include <flasky/header_map.hpp>
#include <flasky/http_error.hpp>
#include <flasky/json.hpp>
#include <flasky/memory_store.hpp>
#include <flasky/request.hpp>
#include <flasky/response.hpp>
#include <flasky/route.hpp>
#include <flasky/route_error.hpp>
#include <flasky/route_match.hpp>
#include <flasky/route_pattern.hpp>
#include <flasky/route_request.hpp>
#include <flasky/route_table.hpp>
#include <flasky/router.hpp>
#include <flasky/router_options.hpp>
#include <flasky/status.hpp>
#include <flasky/test_client.hpp>
#include <flasky/trailing_slash.hpp>
#include <flasky/url_for.hpp>
#include <flasky/uuid.hpp>
#include <flasky/verb.hpp>
#include <flasky/verb_set.hpp>
