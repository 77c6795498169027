from catalogue.accounts.ratelimit import LoginRateLimiter, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_account_is_blocked_after_its_limit_until_the_oldest_failure_leaves_the_window():
    clock = Clock()
    limiter = LoginRateLimiter(account_limit=3, address_limit=100, window_seconds=600, clock=clock)
    for _ in range(3):
        assert limiter.check(address="10.0.0.1", email="a@x.org") == Verdict(True)
        limiter.record_failure(address="10.0.0.1", email="A@x.org ")
        clock.now += 10
    # 3 failures at t=1000, 1010, 1020; now t=1030: the first leaves the window at 1600
    assert limiter.check(address="10.0.0.2", email="a@x.org") == Verdict(False, retry_after=570)
    assert limiter.check(address="10.0.0.1", email="other@x.org") == Verdict(True)
    clock.now = 1600.0
    assert limiter.check(address="10.0.0.1", email="a@x.org") == Verdict(True)


def test_address_is_blocked_across_accounts_and_a_success_does_not_reset_it():
    clock = Clock()
    limiter = LoginRateLimiter(account_limit=100, address_limit=2, window_seconds=60, clock=clock)
    limiter.record_failure(address="10.0.0.9", email="one@x.org")
    limiter.record_failure(address="10.0.0.9", email="two@x.org")
    limiter.record_success(address="10.0.0.9", email="three@x.org")
    assert limiter.check(address="10.0.0.9", email="three@x.org") == Verdict(False, retry_after=60)
    assert limiter.check(address="10.0.0.10", email="three@x.org") == Verdict(True)


def test_success_clears_the_account_count():
    limiter = LoginRateLimiter(account_limit=2, address_limit=100, window_seconds=60, clock=Clock())
    limiter.record_failure(address="a", email="u@x.org")
    limiter.record_success(address="a", email="u@x.org")
    limiter.record_failure(address="a", email="u@x.org")
    assert limiter.check(address="a", email="u@x.org") == Verdict(True)


def test_message_rounds_up_to_whole_minutes():
    assert Verdict(False, retry_after=61).message == "Too many failed sign-in attempts. Try again in 2 minutes."
    assert Verdict(False, retry_after=5).message == "Too many failed sign-in attempts. Try again in 1 minute."
