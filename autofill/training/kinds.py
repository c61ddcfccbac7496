"""Training the page-kind model: synthetic page states in eight languages plus the fixture shops'
labeled pages, fitted into `models/kinds.skops` (`autofill train`). The runtime half — rules,
features, prediction — is `autofill/flow/kinds.py`; this module alone builds training data.
"""
from __future__ import annotations

import random
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from ..core.models import save_model
from ..fixtures_server import FixtureServer, load_sites, render_static
from ..flow.kinds import MODEL_FILE, N_FEATURES, _bundled_model, state_document
from ..flow.state import Clickable, PageState, ProgressStep, snapshot
from ..types import PAGE_KINDS


def train_kinds(states: Sequence[PageState], kinds: Sequence[str],
                field_types: Optional[Sequence[Optional[Sequence[str]]]] = None) -> Any:
    """Fit the kind model on labeled page states (optionally with their pages' field types)."""
    import numpy as np
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    if len(states) != len(kinds) or not states:
        raise ValueError("train_kinds needs as many kinds as states, and at least one")
    ft = list(field_types) if field_types is not None else [None] * len(states)
    docs = [state_document(s, f) for s, f in zip(states, ft)]
    # Hashing keeps the saved model small (no vocabulary to store) and fixed in size.
    model = Pipeline([
        ("hash", HashingVectorizer(token_pattern=r"[^ ]+", lowercase=False, n_features=N_FEATURES,
                                   alternate_sign=False, norm=None, dtype=np.float32)),
        ("tfidf", TfidfTransformer(sublinear_tf=True)),
        ("lr", LogisticRegression(C=3.0, max_iter=2000)),
    ])
    model.fit(docs, list(kinds))
    return model


# Synthetic training data: varied page states per kind and language, so the model ships even
# before labeled fixture sites exist. Vocabulary is deliberately wider than the rule file's.
_VOCAB: dict[str, dict[str, dict[str, list[str]]]] = {
    "en": {
        "product": {"h": ["Classic Tee", "Organic Cotton Hoodie", "Leather Wallet", "Ceramic Mug", "Running Shoes"],
                    "b": ["Add to cart", "Add to basket", "Add to bag", "Buy it now", "Add to wishlist"],
                    "x": ["Description", "Reviews (12)", "In stock", "Select size", "Free returns", "Material: cotton", "SKU"],
                    "u": ["products/classic-tee", "p/leather-wallet", "shop/mugs/ceramic-mug", "item/4411", "product/running-shoes"]},
        "cart": {"h": ["Your cart", "Shopping cart", "Your basket", "Shopping bag", "Cart"],
                 "b": ["Proceed to checkout", "Checkout", "Update cart", "Remove", "Continue shopping", "Apply"],
                 "x": ["Subtotal", "Quantity", "Coupon code", "Shipping calculated at checkout", "Item", "Price"],
                 "u": ["cart", "basket", "bag", "shop/cart", "checkout/cart"]},
        "login": {"h": ["Sign in", "Returning customer", "Log in to check out", "Account", "Welcome back"],
                  "b": ["Sign in", "Continue as guest", "Create account", "Guest checkout", "Forgot password?"],
                  "x": ["Email address", "Password", "New customer?", "Remember me", "Checkout without an account"],
                  "u": ["account/login", "login", "checkout/login", "signin", "customer/account/login"]},
        "checkout": {"h": ["Checkout", "Contact information", "Billing details", "Secure checkout", "Your details"],
                     "b": ["Continue", "Continue to shipping", "Place order", "Next step", "Apply"],
                     "x": ["Email", "First name", "Last name", "Address", "City", "Postcode", "Country", "Order summary"],
                     "u": ["checkout", "checkout/information", "checkout/onepage", "checkouts/c/8f3a", "order/details"]},
        "shipping": {"h": ["Shipping address", "Delivery", "Shipping method", "Where should we deliver?", "Delivery options"],
                     "b": ["Continue to payment", "Continue", "Next", "Use this address", "Back"],
                     "x": ["Standard delivery", "Express", "Address line 1", "Town/City", "Delivery instructions", "Ship to"],
                     "u": ["checkout/shipping", "checkout/delivery", "shipping", "checkout/step/2", "checkout/address"]},
        "payment": {"h": ["Payment", "Payment method", "Card details", "Pay securely", "Billing"],
                    "b": ["Pay now", "Continue to review", "Review order", "Complete order", "PayPal"],
                    "x": ["Card number", "Expiry date", "Security code", "Name on card", "Billing address same as shipping", "All transactions are secure"],
                    "u": ["checkout/payment", "payment", "checkout/billing", "checkout/step/3", "pay"]},
        "review": {"h": ["Review your order", "Order review", "Confirm your order", "Check your details", "Almost done"],
                   "b": ["Place order", "Submit order", "Confirm order", "Edit", "Complete purchase"],
                   "x": ["Shipping to", "Payment method", "Visa ending in 1111", "Total", "By placing your order you agree", "Change"],
                   "u": ["checkout/review", "checkout/confirm", "review", "checkout/summary", "checkout/step/4"]},
        "confirmation": {"h": ["Thank you for your order", "Order confirmed", "Thanks for shopping with us", "Your order is complete", "Order received"],
                         "b": ["Continue shopping", "Track order", "Print receipt", "Create account"],
                         "x": ["Order number", "A confirmation email has been sent", "We'll email you when it ships", "Order #100042"],
                         "u": ["checkout/thank-you", "order/confirmation", "checkout/success", "thanks", "order-received/1042"]},
    },
    "de": {
        "product": {"h": ["Baumwoll-T-Shirt", "Ledergeldbörse"], "b": ["In den Warenkorb", "Jetzt kaufen", "Merken"],
                    "x": ["Beschreibung", "Bewertungen", "Auf Lager", "Größe wählen", "Lieferzeit 2-3 Tage"], "u": ["produkt/t-shirt", "p/geldboerse", "artikel/4411"]},
        "cart": {"h": ["Warenkorb", "Ihr Warenkorb", "Dein Warenkorb"], "b": ["Zur Kasse", "Warenkorb aktualisieren", "Entfernen", "Weiter einkaufen", "Einlösen"],
                 "x": ["Zwischensumme", "Menge", "Gutscheincode", "Artikel"], "u": ["warenkorb", "checkout/cart", "cart"]},
        "login": {"h": ["Anmelden", "Bereits Kunde?", "Anmeldung"], "b": ["Anmelden", "Als Gast bestellen", "Konto erstellen", "Weiter als Gast"],
                  "x": ["E-Mail-Adresse", "Passwort", "Neukunde?", "Passwort vergessen?"], "u": ["konto/anmelden", "login", "checkout/anmelden"]},
        "checkout": {"h": ["Kasse", "Ihre Daten", "Rechnungsadresse", "Persönliche Daten"], "b": ["Weiter", "Weiter zum Versand", "Zahlungspflichtig bestellen"],
                     "x": ["Vorname", "Nachname", "Straße und Hausnummer", "PLZ", "Ort", "Land"], "u": ["kasse", "checkout", "kasse/daten"]},
        "shipping": {"h": ["Lieferadresse", "Versand", "Versandart", "Lieferung"], "b": ["Weiter zur Zahlung", "Weiter", "Zurück"],
                     "x": ["Standardversand", "Expressversand", "Lieferung an", "Packstation"], "u": ["kasse/versand", "checkout/lieferung", "versand"]},
        "payment": {"h": ["Zahlung", "Zahlungsart", "Zahlungsmethode", "Bezahlung"], "b": ["Weiter zur Übersicht", "Jetzt bezahlen", "Bestellung prüfen"],
                    "x": ["Kartennummer", "Gültig bis", "Prüfnummer", "Karteninhaber", "Kreditkarte", "Rechnung"], "u": ["kasse/zahlung", "checkout/zahlung", "zahlung"]},
        "review": {"h": ["Bestellübersicht", "Bestellung prüfen", "Zusammenfassung", "Prüfen und bestellen"], "b": ["Zahlungspflichtig bestellen", "Bestellung abschicken", "Ändern", "Jetzt kaufen"],
                   "x": ["Lieferadresse", "Zahlungsart", "Gesamtsumme", "AGB gelesen", "Widerrufsbelehrung"], "u": ["kasse/uebersicht", "checkout/pruefen", "kasse/bestaetigen"]},
        "confirmation": {"h": ["Vielen Dank für Ihre Bestellung", "Bestellung erfolgreich", "Danke für Ihre Bestellung"], "b": ["Weiter einkaufen", "Bestellung verfolgen"],
                         "x": ["Bestellnummer", "Sie erhalten eine Bestätigung per E-Mail", "Bestellbestätigung"], "u": ["kasse/danke", "checkout/erfolg", "bestellung/bestaetigung"]},
    },
    "fr": {
        "product": {"h": ["T-shirt en coton", "Portefeuille en cuir"], "b": ["Ajouter au panier", "Acheter maintenant", "Ajouter aux favoris"],
                    "x": ["Description", "Avis clients", "En stock", "Choisir une taille", "Livraison gratuite"], "u": ["produit/t-shirt", "p/portefeuille", "boutique/article-4411"]},
        "cart": {"h": ["Panier", "Votre panier", "Mon panier"], "b": ["Valider mon panier", "Passer à la caisse", "Supprimer", "Continuer mes achats", "Appliquer"],
                 "x": ["Sous-total", "Quantité", "Code promo", "Article"], "u": ["panier", "cart", "commande/panier"]},
        "login": {"h": ["Connexion", "Identifiez-vous", "Déjà client ?"], "b": ["Se connecter", "Continuer en tant qu'invité", "Créer un compte", "Commander sans compte"],
                  "x": ["Adresse e-mail", "Mot de passe", "Nouveau client ?", "Mot de passe oublié ?"], "u": ["connexion", "compte/connexion", "identification"]},
        "checkout": {"h": ["Commande", "Vos coordonnées", "Informations de contact", "Adresse de facturation"], "b": ["Continuer", "Continuer vers la livraison", "Commander"],
                     "x": ["Prénom", "Nom", "Adresse", "Code postal", "Ville", "Pays"], "u": ["commande", "checkout", "commande/coordonnees"]},
        "shipping": {"h": ["Livraison", "Adresse de livraison", "Mode de livraison"], "b": ["Continuer vers le paiement", "Continuer", "Retour"],
                     "x": ["Livraison standard", "Livraison express", "Point relais", "Livrer à"], "u": ["commande/livraison", "checkout/livraison", "livraison"]},
        "payment": {"h": ["Paiement", "Moyen de paiement", "Paiement sécurisé"], "b": ["Payer", "Vérifier la commande", "Payer maintenant"],
                    "x": ["Numéro de carte", "Date d'expiration", "Cryptogramme", "Titulaire de la carte", "Carte bancaire"], "u": ["commande/paiement", "paiement", "checkout/paiement"]},
        "review": {"h": ["Récapitulatif de commande", "Vérifiez votre commande", "Confirmez votre commande"], "b": ["Passer la commande", "Confirmer la commande", "Commander", "Modifier"],
                   "x": ["Adresse de livraison", "Total TTC", "J'accepte les conditions générales", "Moyen de paiement"], "u": ["commande/recapitulatif", "checkout/confirmation-commande", "commande/validation"]},
        "confirmation": {"h": ["Merci pour votre commande", "Commande confirmée", "Votre commande a été enregistrée"], "b": ["Continuer mes achats", "Suivre ma commande"],
                         "x": ["Numéro de commande", "Un e-mail de confirmation vous a été envoyé", "Confirmation de commande"], "u": ["commande/merci", "checkout/succes", "merci"]},
    },
    "es": {
        "product": {"h": ["Camiseta de algodón"], "b": ["Añadir al carrito", "Comprar ahora", "Añadir a la cesta"], "x": ["Descripción", "Opiniones", "En stock", "Elige tu talla"], "u": ["producto/camiseta", "p/cartera"]},
        "cart": {"h": ["Carrito", "Tu carrito", "Mi cesta"], "b": ["Tramitar pedido", "Eliminar", "Seguir comprando", "Aplicar"], "x": ["Subtotal", "Cantidad", "Código de descuento"], "u": ["carrito", "cesta"]},
        "login": {"h": ["Iniciar sesión", "Identifícate"], "b": ["Iniciar sesión", "Continuar como invitado", "Crear cuenta"], "x": ["Correo electrónico", "Contraseña", "¿Has olvidado tu contraseña?"], "u": ["cuenta/login", "login"]},
        "checkout": {"h": ["Finalizar compra", "Tus datos", "Datos de facturación"], "b": ["Continuar", "Continuar con el envío"], "x": ["Nombre", "Apellidos", "Dirección", "Código postal", "Ciudad"], "u": ["finalizar-compra", "checkout"]},
        "shipping": {"h": ["Envío", "Dirección de envío", "Método de envío"], "b": ["Continuar al pago", "Continuar", "Volver"], "x": ["Envío estándar", "Entrega en 24h"], "u": ["checkout/envio", "envio"]},
        "payment": {"h": ["Pago", "Método de pago", "Forma de pago"], "b": ["Pagar ahora", "Revisar pedido"], "x": ["Número de tarjeta", "Fecha de caducidad", "CVV", "Titular de la tarjeta"], "u": ["checkout/pago", "pago"]},
        "review": {"h": ["Revisa tu pedido", "Resumen del pedido", "Confirma tu pedido"], "b": ["Realizar pedido", "Confirmar pedido", "Modificar"], "x": ["Dirección de entrega", "Total", "Acepto las condiciones"], "u": ["checkout/revisar", "pedido/resumen"]},
        "confirmation": {"h": ["Gracias por tu pedido", "Pedido confirmado"], "b": ["Seguir comprando"], "x": ["Número de pedido", "Te hemos enviado un correo de confirmación"], "u": ["checkout/gracias", "pedido/confirmacion"]},
    },
    "it": {
        "product": {"h": ["Maglietta in cotone"], "b": ["Aggiungi al carrello", "Acquista ora"], "x": ["Descrizione", "Recensioni", "Disponibile", "Scegli la taglia"], "u": ["prodotto/maglietta", "p/portafoglio"]},
        "cart": {"h": ["Carrello", "Il tuo carrello"], "b": ["Procedi al checkout", "Rimuovi", "Continua lo shopping", "Applica"], "x": ["Subtotale", "Quantità", "Codice sconto"], "u": ["carrello", "cart"]},
        "login": {"h": ["Accedi", "Sei già cliente?"], "b": ["Accedi", "Continua come ospite", "Registrati"], "x": ["Email", "Password", "Password dimenticata?"], "u": ["accedi", "login"]},
        "checkout": {"h": ["Cassa", "I tuoi dati", "Dati di fatturazione"], "b": ["Continua", "Continua alla spedizione"], "x": ["Nome", "Cognome", "Indirizzo", "CAP", "Città", "Provincia"], "u": ["cassa", "checkout"]},
        "shipping": {"h": ["Spedizione", "Indirizzo di spedizione", "Metodo di spedizione"], "b": ["Continua al pagamento", "Continua", "Indietro"], "x": ["Spedizione standard", "Consegna espressa"], "u": ["checkout/spedizione", "spedizione"]},
        "payment": {"h": ["Pagamento", "Metodo di pagamento"], "b": ["Paga ora", "Rivedi l'ordine"], "x": ["Numero della carta", "Scadenza", "CVV", "Titolare della carta"], "u": ["checkout/pagamento", "pagamento"]},
        "review": {"h": ["Riepilogo ordine", "Rivedi l'ordine"], "b": ["Conferma ordine", "Invia ordine", "Modifica"], "x": ["Indirizzo di consegna", "Totale", "Accetto i termini"], "u": ["checkout/riepilogo", "ordine/conferma"]},
        "confirmation": {"h": ["Grazie per il tuo ordine", "Ordine confermato"], "b": ["Continua lo shopping"], "x": ["Numero d'ordine", "Riceverai una email di conferma"], "u": ["checkout/grazie", "ordine/successo"]},
    },
    "nl": {
        "product": {"h": ["Katoenen T-shirt"], "b": ["In winkelwagen", "Toevoegen aan winkelwagen", "Nu kopen"], "x": ["Omschrijving", "Beoordelingen", "Op voorraad", "Kies je maat"], "u": ["product/t-shirt", "p/portemonnee"]},
        "cart": {"h": ["Winkelwagen", "Je winkelwagen", "Winkelmand"], "b": ["Verder naar afrekenen", "Verwijderen", "Verder winkelen", "Toepassen"], "x": ["Subtotaal", "Aantal", "Kortingscode"], "u": ["winkelwagen", "winkelmand"]},
        "login": {"h": ["Inloggen", "Aanmelden"], "b": ["Inloggen", "Doorgaan als gast", "Account aanmaken"], "x": ["E-mailadres", "Wachtwoord", "Wachtwoord vergeten?"], "u": ["inloggen", "account/login"]},
        "checkout": {"h": ["Afrekenen", "Jouw gegevens", "Factuuradres"], "b": ["Doorgaan", "Verder naar bezorging"], "x": ["Voornaam", "Achternaam", "Straat", "Huisnummer", "Postcode", "Plaats"], "u": ["afrekenen", "checkout"]},
        "shipping": {"h": ["Bezorging", "Verzendadres", "Verzendmethode"], "b": ["Verder naar betalen", "Doorgaan", "Terug"], "x": ["Standaard verzending", "Morgen in huis"], "u": ["afrekenen/bezorging", "verzending"]},
        "payment": {"h": ["Betaling", "Betaalmethode", "Betaalwijze"], "b": ["Nu betalen", "Controleer bestelling"], "x": ["Kaartnummer", "Vervaldatum", "Beveiligingscode", "iDEAL", "Creditcard"], "u": ["afrekenen/betalen", "betaling"]},
        "review": {"h": ["Controleer je bestelling", "Besteloverzicht"], "b": ["Bestelling plaatsen", "Plaats bestelling", "Wijzigen"], "x": ["Afleveradres", "Totaal", "Ik ga akkoord met de voorwaarden"], "u": ["afrekenen/overzicht", "checkout/controleren"]},
        "confirmation": {"h": ["Bedankt voor je bestelling", "Bestelling bevestigd"], "b": ["Verder winkelen"], "x": ["Bestelnummer", "Je ontvangt een bevestiging per e-mail"], "u": ["afrekenen/bedankt", "bestelling/bevestiging"]},
    },
    "pt": {
        "product": {"h": ["T-shirt de algodão"], "b": ["Adicionar ao carrinho", "Comprar agora"], "x": ["Descrição", "Avaliações", "Em stock", "Escolha o tamanho"], "u": ["produto/t-shirt", "p/carteira"]},
        "cart": {"h": ["Carrinho", "O meu carrinho", "Seu carrinho"], "b": ["Finalizar compra", "Remover", "Continuar a comprar", "Aplicar"], "x": ["Subtotal", "Quantidade", "Código de desconto"], "u": ["carrinho", "cesto"]},
        "login": {"h": ["Iniciar sessão", "Entrar"], "b": ["Entrar", "Continuar como convidado", "Criar conta"], "x": ["E-mail", "Palavra-passe", "Senha", "Esqueceu a senha?"], "u": ["entrar", "conta/login"]},
        "checkout": {"h": ["Finalizar encomenda", "Os seus dados", "Dados de faturação"], "b": ["Continuar", "Continuar para o envio"], "x": ["Nome", "Apelido", "Morada", "Código postal", "Localidade"], "u": ["checkout", "finalizar"]},
        "shipping": {"h": ["Envio", "Morada de entrega", "Método de envio"], "b": ["Continuar para o pagamento", "Continuar", "Voltar"], "x": ["Envio normal", "Entrega expresso"], "u": ["checkout/envio", "entrega"]},
        "payment": {"h": ["Pagamento", "Método de pagamento"], "b": ["Pagar agora", "Rever encomenda"], "x": ["Número do cartão", "Validade", "CVV", "Multibanco", "Cartão de crédito"], "u": ["checkout/pagamento", "pagamento"]},
        "review": {"h": ["Rever encomenda", "Resumo do pedido"], "b": ["Confirmar encomenda", "Fazer pedido", "Editar"], "x": ["Morada de entrega", "Total", "Aceito os termos"], "u": ["checkout/rever", "encomenda/resumo"]},
        "confirmation": {"h": ["Obrigado pela sua encomenda", "Encomenda confirmada"], "b": ["Continuar a comprar"], "x": ["Número da encomenda", "Enviámos um e-mail de confirmação"], "u": ["checkout/obrigado", "encomenda/sucesso"]},
    },
    "pl": {
        "product": {"h": ["Koszulka bawełniana"], "b": ["Dodaj do koszyka", "Kup teraz"], "x": ["Opis produktu", "Opinie", "Dostępny", "Wybierz rozmiar"], "u": ["produkt/koszulka", "p/portfel"]},
        "cart": {"h": ["Koszyk", "Twój koszyk"], "b": ["Przejdź do kasy", "Usuń", "Kontynuuj zakupy", "Zastosuj"], "x": ["Suma częściowa", "Ilość", "Kod rabatowy"], "u": ["koszyk", "cart"]},
        "login": {"h": ["Zaloguj się", "Logowanie"], "b": ["Zaloguj się", "Kontynuuj jako gość", "Załóż konto"], "x": ["Adres e-mail", "Hasło", "Nie pamiętasz hasła?"], "u": ["logowanie", "login"]},
        "checkout": {"h": ["Kasa", "Twoje dane", "Dane do faktury"], "b": ["Dalej", "Przejdź do dostawy"], "x": ["Imię", "Nazwisko", "Ulica", "Kod pocztowy", "Miejscowość"], "u": ["zamowienie", "checkout"]},
        "shipping": {"h": ["Dostawa", "Adres dostawy", "Sposób dostawy"], "b": ["Przejdź do płatności", "Dalej", "Wstecz"], "x": ["Kurier", "Paczkomat"], "u": ["zamowienie/dostawa", "dostawa"]},
        "payment": {"h": ["Płatność", "Metoda płatności"], "b": ["Zapłać teraz", "Przejdź do podsumowania"], "x": ["Numer karty", "Data ważności", "Kod CVC", "BLIK", "Karta płatnicza"], "u": ["zamowienie/platnosc", "platnosc"]},
        "review": {"h": ["Podsumowanie zamówienia", "Sprawdź zamówienie"], "b": ["Zamawiam i płacę", "Złóż zamówienie", "Edytuj"], "x": ["Adres dostawy", "Razem", "Akceptuję regulamin"], "u": ["zamowienie/podsumowanie", "checkout/podsumowanie"]},
        "confirmation": {"h": ["Dziękujemy za zamówienie", "Zamówienie zostało złożone"], "b": ["Kontynuuj zakupy"], "x": ["Numer zamówienia", "Wysłaliśmy potwierdzenie e-mailem"], "u": ["zamowienie/dziekujemy", "zamowienie/potwierdzenie"]},
    },
    "sv": {
        "product": {"h": ["T-shirt i bomull"], "b": ["Lägg i varukorgen", "Köp nu"], "x": ["Produktbeskrivning", "Recensioner", "I lager", "Välj storlek"], "u": ["produkt/t-shirt", "p/planbok"]},
        "cart": {"h": ["Varukorg", "Din varukorg", "Kundvagn"], "b": ["Till kassan", "Ta bort", "Fortsätt handla", "Använd"], "x": ["Delsumma", "Antal", "Rabattkod"], "u": ["varukorg", "kundvagn"]},
        "login": {"h": ["Logga in"], "b": ["Logga in", "Fortsätt som gäst", "Skapa konto"], "x": ["E-postadress", "Lösenord", "Glömt lösenord?"], "u": ["logga-in", "konto/login"]},
        "checkout": {"h": ["Kassa", "Dina uppgifter", "Faktureringsadress"], "b": ["Fortsätt", "Fortsätt till leverans"], "x": ["Förnamn", "Efternamn", "Gatuadress", "Postnummer", "Ort"], "u": ["kassa", "checkout"]},
        "shipping": {"h": ["Leverans", "Leveransadress", "Leveranssätt"], "b": ["Fortsätt till betalning", "Fortsätt", "Tillbaka"], "x": ["Hemleverans", "Ombud"], "u": ["kassa/leverans", "leverans"]},
        "payment": {"h": ["Betalning", "Betalningssätt"], "b": ["Betala nu", "Granska beställning"], "x": ["Kortnummer", "Giltigt till", "CVC", "Swish", "Kort"], "u": ["kassa/betalning", "betalning"]},
        "review": {"h": ["Granska beställning", "Sammanfattning"], "b": ["Slutför köp", "Bekräfta köp", "Ändra"], "x": ["Leveransadress", "Att betala", "Jag godkänner villkoren"], "u": ["kassa/granska", "checkout/sammanfattning"]},
        "confirmation": {"h": ["Tack för din beställning", "Orderbekräftelse"], "b": ["Fortsätt handla"], "x": ["Ordernummer", "Du får en bekräftelse via e-post"], "u": ["kassa/tack", "order/bekraftelse"]},
    },
}
_SHOPS = ["Northwind", "Acme Store", "Bluebird", "Maison Lune", "Kaffeehaus", "Tienda Sol", "Negozio", "De Winkel", "Loja Mar", "Sklep Las", "Butiken"]
_CHROME = ["Home", "Search", "Account", "Cart (1)", "Help", "Menu", "Privacy policy", "Terms", "Contact us", "©2024"]
_FIELDS: dict[str, list[list[str]]] = {
    "product": [[], ["unknown"]],
    "cart": [["unknown"], ["unknown", "unknown"], []],
    "login": [["email", "current-password"], ["username", "current-password", "email"], ["email"]],
    "checkout": [["email", "given-name", "family-name", "address-line1", "address-level2", "postal-code", "country"],
                 ["email", "given-name", "family-name", "address-line1", "postal-code", "cc-number", "cc-exp", "cc-csc"], ["email"]],
    "shipping": [["given-name", "family-name", "address-line1", "address-level2", "postal-code", "country", "tel"], ["unknown"], []],
    "payment": [["cc-name", "cc-number", "cc-exp-month", "cc-exp-year", "cc-csc"], ["cc-number", "cc-exp", "cc-csc", "postal-code"], []],
    "review": [[], ["unknown"]],
    "confirmation": [[], ["new-password"]],
}


def synthetic_states(n_per_kind: int = 60, seed: int = 7) -> tuple[list[PageState], list[str], list[list[str]]]:
    """Labeled page states with their field types: each mixes one language's words for its kind
    with shop chrome and noise (opaque URLs, missing headings, step bars) so no single cue is enough."""
    rng = random.Random(seed)
    states: list[PageState] = []
    kinds: list[str] = []
    ftypes: list[list[str]] = []
    langs = list(_VOCAB)
    step_kinds = ["cart", "shipping", "payment", "review"]
    for kind in PAGE_KINDS:
        for i in range(n_per_kind):
            lang = langs[i % len(langs)] if i < len(langs) * 3 else rng.choice(langs)
            v = _VOCAB[lang][kind]
            shop = rng.choice(_SHOPS)
            path = rng.choice(v["u"]) if rng.random() > 0.25 else f"s/{rng.randrange(10**6):x}/step"
            if rng.random() < 0.3:
                path = f"{lang}/" + path
            heading = rng.choice(v["h"])
            h1 = [heading] if rng.random() > 0.2 else []
            title = f"{heading} – {shop}" if rng.random() > 0.3 else shop
            texts = rng.sample(v["x"], k=min(len(v["x"]), rng.randint(2, 5)))
            chrome = rng.sample(_CHROME, k=rng.randint(2, 6))
            buttons = rng.sample(v["b"], k=min(len(v["b"]), rng.randint(1, 3)))
            clickables = [Clickable(index=j, text=t, tag="button") for j, t in enumerate(buttons)]
            clickables += [Clickable(index=len(clickables) + j, text=t, tag="a") for j, t in enumerate(chrome[:3])]
            steps: list[ProgressStep] = []
            if kind in step_kinds and rng.random() < 0.35:
                names = [rng.choice(_VOCAB[lang][k]["h"]) for k in step_kinds]
                steps = [ProgressStep(text=nm, current=(k == kind)) for nm, k in zip(names, step_kinds)]
            fields = list(rng.choice(_FIELDS[kind]))
            order_no = f"{rng.randrange(1000, 999999)}" if kind == "confirmation" and rng.random() < 0.7 else None
            body = " ".join(chrome[:2] + [heading] + texts + buttons + chrome[2:])
            if order_no:
                body += f" #{order_no}"
            states.append(PageState(
                url=f"https://shop{rng.randrange(99)}.example/{path}", title=title, lang=lang, h1=h1,
                h2=rng.sample(v["x"], k=1) if rng.random() < 0.4 else [], text=body, steps=steps,
                clickables=clickables, order_number=order_no,
                field_count=len(fields), password_count=int("current-password" in fields)))
            kinds.append(kind)
            ftypes.append(fields)
    return states, kinds, ftypes


def train_default(path: Path = MODEL_FILE, extra: Iterable[tuple[PageState, str, Optional[list[str]]]] = ()) -> dict[str, Any]:
    """`autofill train` hook: fit on synthetic states plus any labeled (state, kind, field types)
    the caller has (e.g. fixture-site pages), save with skops, report what was done."""
    states, kinds, ftypes = synthetic_states()
    n_synth = len(states)
    for s, k, f in extra:
        states.append(s)
        kinds.append(k)
        ftypes.append(list(f or []))
    model = train_kinds(states, kinds, ftypes)
    save_model(model, path)
    _bundled_model.cache_clear()
    return {"model": str(path), "states": len(states), "synthetic": n_synth,
            "labeled": len(states) - n_synth, "bytes": path.stat().st_size}


def fixture_states(driver: Any) -> list[tuple[PageState, str, list[str]]]:
    """Labeled (state, kind, field types) from the fixture sites' labels.yaml: each page's static
    render written into a same-origin page of a local FixtureServer, then snapshotted."""

    out: list[tuple[PageState, str, list[str]]] = []
    with FixtureServer(port=0, delay_scale=0) as srv:
        for site in load_sites():
            for page in site.labels.pages:
                html = render_static(site.site, page.path)
                driver.get(f"{srv.url}/{site.site}{page.path}")
                driver.execute_script("document.open(); document.write(arguments[0]); document.close();", html)
                out.append((snapshot(driver), page.kind, [f.type for f in page.fields]))
    return out
