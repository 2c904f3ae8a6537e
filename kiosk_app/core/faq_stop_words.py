"""Function words left out of the knowledge base's search (``core.faq_text``), per language:
pronouns, articles, prepositions, auxiliaries and question words that every question shares
and that say nothing about its topic. Short on purpose: a content word missing here costs
little, a content word wrongly listed hides a topic. Folded like the text before use.
"""

from __future__ import annotations

STOP_WORDS: dict[str, str] = {
    # Chinese: function characters, left out of the characters a question is scored by.
    "zh_Hans": """
        的 了 吗 呢 吧 啊 我 你 他 她 它 们 是 在 有 要 会 能 可 以 怎 么 什 哪 里 儿 和 与 就
        都 也 还 这 那 个 把 被 给 对 吗 嘛 请 问 想 该 应
    """,
    "de": """
        ich du er sie es wir ihr mich mir dich dir uns euch sich mein meine meinen meinem meiner
        meines dein deine ihre ihren ihrem unser unsere der die das den dem des ein eine einen
        einem einer eines und oder aber auch noch schon nur sehr so wie was wer wo wann warum
        wieso weshalb welche welcher welches wohin woher ist sind bin bist war waren sein habe
        hast hat haben hatte kann kannst können konnte muss musst müssen soll sollte sollen
        will willst wollen möchte möchten würde werden wird werde zu zum zur in im an am auf aus
        bei mit nach von vor für über unter um bis durch ohne gegen dass ob wenn weil denn dann
        da hier dort man nicht kein keine keinen bitte mal gibt geht es's hallo guten tag
        eigentlich jetzt ja nein doch denn etwa einfach
        machen mache tun muss müssen soll brauche
    """,
    "en": """
        i me my mine you your we our us he she it its they them their a an the and or but also
        only so as is are am was were be been being do does did doing have has had having can
        could shall should will would may might must to of in on at by for with from about into
        over under after before than then there here this that these those what which who whom
        whose where when why how if not no yes please hi hello any some just get got there's
        i'm it's don't dont im
        need want what's whats
    """,
    "tr": """
        ben sen o biz siz onlar beni bana benim seni sana senin bizim sizin onun bir ve veya ya
        da de ama ile için gibi kadar mi mı mu mü ne neden niçin nasıl nerede nereye nereden
        hangi kim kaç bu şu şey var yok ise çok daha en her hiç lütfen merhaba acaba yani şimdi
        ki diye olarak olan
        miyim mıyım muyum müyüm misin mısın lazım gerek nasil yapmalıyım yapmam yapayım istiyorum
    """,
    "ar": """
        انا أنا انت أنت انتم أنتم نحن هو هي هم هذا هذه ذلك تلك الذي التي الذين في من الى إلى
        على عن مع او أو و ثم لكن هل ما ماذا متى اين أين كيف لماذا كم اي أي ان أن إن لا لم لن
        قد كان كانت يكون هناك هنا كل بعض عند لدي لدى لي لك له لها نعم من فضلك مرحبا يجب
        اريد أريد
        استطيع يمكن يمكنني ممكن عندي افعل اعمل الان حاليا
    """,
    "fa": """
        من تو او ما شما آنها ایشان این آن اینجا آنجا در به از با برای که را و یا تا هم اما
        ولی چه چی چرا کجا کی چطور چگونه چند کدام آیا است هست هستم هستند بود نیست باید
        می‌خواهم میخواهم خواهم کنم کنید شود میشه سلام لطفا لطفاً یک اگر هر همه
        میشه میتونم میتونه چکار چیکار کنم بکنم دارم داره رو یه هستش الان باید
    """,
    "ru": """
        я ты он она оно мы вы они меня мне мой моя моё мое мои моего моей моих тебя тебе твой
        твоя нас нам наш наша вас вам ваш ваша его её ее их и или а но же ли бы не нет да в во
        на с со к ко у о об от до из за по при про для без над под что чтобы как где когда
        куда откуда почему зачем кто какой какая какие какое сколько это этот эта эти то там
        тут здесь есть был была были быть будет можно нужно надо мне пожалуйста здравствуйте
        привет ещё еще уже
        могу можешь делать сделать теперь сейчас хочу
    """,
    "uk": """
        я ти він вона воно ми ви вони мене мені мій моя моє мої мого моєї моїх тебе тобі твій
        твоя нас нам наш наша вас вам ваш ваша його її їх і й та або а але ж чи би б не ні так
        в у на з із зі до від для без над під при про через що щоб як де коли куди звідки
        чому навіщо хто який яка які яке скільки це цей ця ці те там тут є був була були бути
        буде можна треба потрібно будь ласка привіт вже ще
        можу робити зробити тепер зараз хочу мені
    """,
    "fr": """
        je tu il elle on nous vous ils elles me te se moi toi lui leur leurs mon ma mes ton ta
        tes son sa ses notre nos votre vos le la les l un une des du de d au aux et ou mais
        donc car ni que qu qui quoi quel quelle quels quelles où quand comment pourquoi combien
        est suis es sont être ai as a avons avez ont avoir fait faire peut peux pouvez dois
        doit devez en dans sur sous pour par avec sans chez ce c cet cette ces ça ne pas plus
        si oui non bonjour merci svp s'il plaît est-ce
        faire fais dois peux veux maintenant
    """,
    "es": """
        yo tú tu él ella nosotros vosotros ellos ellas me te se mi mis tus su sus nuestro
        nuestra vuestro le les lo la los las el un una unos unas y o u pero que qué quien
        quién cual cuál cuales donde dónde cuando cuándo como cómo por porque cuanto cuánto es
        soy eres son estoy está están ser estar he has ha hemos han hay tengo tiene tienen
        puedo puede pueden debo debe de del al a en con sin para sobre entre hasta desde ya no
        sí si hola gracias favor muy más
        hacer hago debo quiero necesito ahora
    """,
}
