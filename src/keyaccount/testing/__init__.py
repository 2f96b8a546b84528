"""Test support for users of keyaccount and for its own tests (测试支持).

:mod:`keyaccount.testing.strategies` holds `hypothesis <https://hypothesis.readthedocs.io>`_
strategies that generate *valid* domain objects — customers, figures, org charts, visits,
complaints and contracts taken through legal transitions — so a policy owner can state an
invariant and let hypothesis look for a counter-example::

    from hypothesis import given
    from keyaccount.testing import strategies as kst

    @given(kst.customers(grades=["A", "B"]))
    def test_my_rule(customer): ...

hypothesis is an optional dependency (``pip install 'keyaccount[test]'``): importing
``keyaccount``, ``keyaccount.domain`` or this package never imports it; only
``keyaccount.testing.strategies`` does.
"""
