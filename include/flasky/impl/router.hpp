#pragma once
// Template-free bodies of flasky::router (included at the end of router.hpp).

#include <string>
#include <typeinfo>

namespace flasky {

inline void router::add(verb_set verbs, std::string pattern, const parsed_pattern& parsed,
                        const std::vector<const detail::converter_desc*>& convs,
                        detail::erased_handler invoke) {
  std::vector<detail::tree_segment> segments;
  std::vector<std::string> names;
  std::size_t param = 0;
  for (std::size_t i = 0; i != parsed.segment_count; ++i) {
    const auto& seg = parsed.segments[i];
    if (seg.kind == segment_kind::literal) {
      segments.push_back({seg.text, nullptr});
    } else {
      segments.push_back({{}, convs[param++]});
      names.emplace_back(seg.name);
    }
  }
  auto index = static_cast<std::uint32_t>(handlers_.size());
  auto existing = tree_.insert(segments, parsed.trailing_slash, verbs, index);
  if (existing != detail::route_tree::none) {
    const auto& other = handlers_[existing];
    std::string taken;
    for (std::size_t i = 0; i != verb_count; ++i) {
      auto v = static_cast<verb>(i);
      if (verbs.contains(v) && other.verbs.contains(v)) taken = std::string(to_string(v));
    }
    throw route_error("flasky: duplicate route: " + taken + " '" + pattern +
                      "' matches the same requests as " + taken + " '" + other.pattern + "'");
  }
  handlers_.push_back({std::move(pattern), verbs, std::move(names), std::move(invoke)});
}

inline response router::error_response(status s, const request& req) {
  auto it = error_handlers_.find(s);
  if (it != error_handlers_.end()) return it->second(req);
  return response::from_status(s);
}

inline response router::dispatch(request& req) noexcept {
  route_match m;  // not_found until routing has run
  auto run = [&]() -> response {
    for (auto& hook : before_)
      if (auto early = hook(req)) return std::move(*early);
    m = tree_.match(req.verb(), req.path());
    switch (m.outcome) {
      case match_outcome::found: {
        const auto& h = handlers_[m.handler];
        std::vector<std::pair<std::string_view, std::string>> params;
        params.reserve(m.param_count);
        for (std::size_t i = 0; i != m.param_count; ++i) {
          std::string decoded(m.params[i].size(), '\0');
          decoded.resize(detail::percent_decode(m.params[i], decoded.data()));
          params.emplace_back(h.names[i], std::move(decoded));
        }
        req.set_params(std::move(params));
        return h.invoke(req);
      }
      case match_outcome::options: {
        response res(status::ok);
        res.headers().set("Allow", m.allowed.to_allow_header());
        return res;
      }
      case match_outcome::redirect: {
        std::string location(req.path());
        location += '/';
        if (!req.query_string().empty()) location.append("?").append(req.query_string());
        return response::redirect(std::move(location), status::permanent_redirect);
      }
      case match_outcome::method_not_allowed: {
        response res = error_response(status::method_not_allowed, req);
        res.headers().set("Allow", m.allowed.to_allow_header());
        return res;
      }
      case match_outcome::bad_request: return error_response(status::bad_request, req);
      case match_outcome::not_found: break;
    }
    return error_response(status::not_found, req);
  };

  response res;
  try {
    try {
      res = run();
    } catch (const http_error& e) {
      res = error_response(e.status(), req);
    } catch (const std::exception& e) {
      std::string line = "flasky: exception in handler for " + std::string(req.method()) + " ";
      line += m.outcome == match_outcome::found ? handlers_[m.handler].pattern
                                                           : std::string("(no route)");
      line += ": ";
      line += e.what();
      if (options_.log) options_.log(line);
      else detail::write_line(stderr, line);
      res = error_response(status::internal_server_error, req);
    }
    for (auto& hook : after_) hook(req, res);
  } catch (...) {
    res = response::from_status(status::internal_server_error);
  }
  if (req.verb() == verb::head) {
    res.headers().set("Content-Length", std::to_string(res.body().size()));
    res.body().clear();
  }
  return res;
}

}  // namespace flasky
