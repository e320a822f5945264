#pragma once
// A scripted HTTP/1.1 server on loopback for the fault cases no real server produces: it answers
// each request as a script says (answer, answer and drop the connection, drop without answering,
// never answer), and counts connections and requests. One connection at a time.

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <istream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace test_support {

struct scripted_reply {
  enum class action { answer, answer_then_drop, drop, hang };
  action what = action::answer;
  int status = 200;
  std::string body = "{}";
  std::vector<std::pair<std::string, std::string>> headers;
};

inline scripted_reply reply(scripted_reply::action what, int status = 200,
                            std::string body = "{}") {
  scripted_reply r;
  r.what = what;
  r.status = status;
  r.body = std::move(body);
  return r;
}

class scripted_server {
 public:
  // script(connection number from 0, request number from 0, request head + body) -> reply
  using script_type = std::function<scripted_reply(int, int, const std::string&)>;

  explicit scripted_server(script_type script)
      : script_(std::move(script)),
        acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}),
        thread_([this] { serve(); }) {}

  ~scripted_server() {
    stopping_ = true;
    boost::system::error_code ec;
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket poke(io);
    poke.connect(acceptor_.local_endpoint(), ec);  // unblocks accept()
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (current_) current_->shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    }
    thread_.join();
  }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  int connections() const { return connections_.load(); }
  int requests() const { return requests_.load(); }
  std::vector<std::string> received() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return received_;
  }

 private:
  void serve() {
    for (int c = 0; !stopping_; ++c) {
      boost::asio::ip::tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) return;
      connections_++;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        current_ = &socket;
      }
      serve_connection(socket, c);
      std::lock_guard<std::mutex> lock(mutex_);
      current_ = nullptr;
    }
  }

  void serve_connection(boost::asio::ip::tcp::socket& socket, int c) {
    boost::asio::streambuf buffer;
    for (int r = 0;; ++r) {
      boost::system::error_code ec;
      const std::size_t head_size = boost::asio::read_until(socket, buffer, "\r\n\r\n", ec);
      if (ec) return;
      std::string head(boost::asio::buffers_begin(buffer.data()),
                       boost::asio::buffers_begin(buffer.data()) + head_size);
      buffer.consume(head_size);
      std::size_t length = 0;
      for (const char* name : {"Content-Length: ", "content-length: "}) {
        if (auto at = head.find(name); at != std::string::npos) {
          length =
              std::strtoul(head.c_str() + at + std::char_traits<char>::length(name), nullptr, 10);
        }
      }
      if (buffer.size() < length) {
        boost::asio::read(socket, buffer, boost::asio::transfer_exactly(length - buffer.size()),
                          ec);
        if (ec) return;
      }
      std::string body(boost::asio::buffers_begin(buffer.data()),
                       boost::asio::buffers_begin(buffer.data()) + length);
      buffer.consume(length);
      requests_++;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        received_.push_back(head + body);
      }
      const scripted_reply reply = script_(c, r, head + body);
      if (reply.what == scripted_reply::action::drop) return;
      if (reply.what == scripted_reply::action::hang)
        continue;  // read on: ends when the client closes
      std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " Scripted\r\n";
      for (const auto& [name, value] : reply.headers) out += name + ": " + value + "\r\n";
      out += "Content-Type: application/x-amz-json-1.0\r\nContent-Length: " +
             std::to_string(reply.body.size()) + "\r\n\r\n" + reply.body;
      boost::asio::write(socket, boost::asio::buffer(out), ec);
      if (ec || reply.what == scripted_reply::action::answer_then_drop) return;
    }
  }

  script_type script_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  mutable std::mutex mutex_;
  boost::asio::ip::tcp::socket* current_ = nullptr;
  std::vector<std::string> received_;
  std::thread thread_;
};

}  // namespace test_support
