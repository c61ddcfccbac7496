"""Oscar's PaymentDetailsView with its own BankcardForm, as Oscar's payment docs describe.

The card is asked on payment-details, checked (Luhn, expiry, CCV), carried to the preview in the
hidden form Oscar's preview template provides, and checked again when "Place order" is pressed.
No gateway: payment is recorded as settled with the card's masked number.
"""
import os

from django.contrib import messages
from oscar.apps.checkout import views
from oscar.apps.payment import forms, models


class NoStartBankcardForm(forms.BankcardForm):
    """Oscar's form without the optional "Valid from" month (OSCAR_CARD_FORM=nostart), as many shops run it."""

    class Meta(forms.BankcardForm.Meta):
        fields = ("number", "expiry_month", "ccv")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("start_month", None)

    @property
    def bankcard(self):
        return models.Bankcard(number=self.cleaned_data["number"], expiry_date=self.cleaned_data["expiry_month"],
                               ccv=self.cleaned_data["ccv"])


CardForm = NoStartBankcardForm if os.environ.get("OSCAR_CARD_FORM") == "nostart" else forms.BankcardForm


class PaymentDetailsView(views.PaymentDetailsView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["bankcard_form"] = kwargs.get("bankcard_form", CardForm())
        return ctx

    def handle_payment_details_submission(self, request):
        bankcard_form = CardForm(request.POST)
        if not bankcard_form.is_valid():
            return self.render_payment_details(request, bankcard_form=bankcard_form)
        return self.render_preview(request, bankcard_form=bankcard_form)

    def handle_place_order_submission(self, request):
        bankcard_form = CardForm(request.POST)
        if not bankcard_form.is_valid():
            messages.error(request, "Invalid submission")
            return self.render_payment_details(request, bankcard_form=bankcard_form)
        submission = self.build_submission(payment_kwargs={"bankcard": bankcard_form.bankcard})
        return self.submit(**submission)

    def handle_payment(self, order_number, total, **kwargs):
        card = kwargs["bankcard"]
        source_type, _ = models.SourceType.objects.get_or_create(name="Bankcard")
        source = models.Source(source_type=source_type, currency=total.currency,
                               amount_allocated=total.incl_tax, amount_debited=total.incl_tax,
                               reference=card.obfuscated_number)
        self.add_payment_source(source)
        self.add_payment_event("Settled", total.incl_tax)
