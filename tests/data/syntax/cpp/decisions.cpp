#include <stdexcept>
#include <vector>

namespace shop {

class Cart {
 public:
  explicit Cart(int limit) : limit_(limit) {}
  ~Cart() {}

  int total(const std::vector<int> &prices) const {
    int sum = 0;
    auto cheap = [&](int p) { return p > 0 && p < limit_; };
    for (const auto &price : prices) {
      if (cheap(price)) {
        sum += price;
      } else if (price < 0) {
        throw std::invalid_argument("negative");
      }
    }
    try {
      check(sum);
    } catch (const std::exception &error) {
      return -1;
    } catch (...) {
      return -2;
    }
    return this->limit_ > sum ? sum : this->limit_;
  }

  void check(int sum) const;

 private:
  int limit_;
};

void Cart::check(int sum) const {
  if (sum > limit_ || sum < 0 && limit_ > 0) {
    throw std::out_of_range("sum");
  }
}

template <typename T>
T larger(T a, T b) {
  return a < b ? b : a;
}

}  // namespace shop

bool operator==(const shop::Cart &a, const shop::Cart &b) { return &a == &b; }
