import QtQuick
import "."
import "components"

// The kiosk window: renders the screen the Python flow names; no logic beyond presentation.
Window {
    id: root
    required property QtObject flowVm
    required property QtObject syncVm
    // Production: full screen without decorations (set from Python; demo and --windowed: false).
    property bool frameless: false
    // Accessibility bar: larger text, high contrast, read aloud (one session's settings).
    required property QtObject a11yVm
    // The configured dpi of the touch screen (KioskConfig.screen_dpi): 12 mm targets.
    property real screenDpi: 102
    // The screens after the welcome screen get theirs right after the first frame
    // (KioskUi.attach_screens): the welcome screen needs none of them.
    property QtObject lookupVm: null
    property QtObject resultVm: null
    property QtObject checklistVm: null
    property QtObject bookingVm: null
    property QtObject browseVm: null
    property QtObject walkInVm: null
    property QtObject formVm: null
    property QtObject questionsVm: null

    width: 1080
    height: 1920
    visible: true
    flags: frameless ? (Qt.Window | Qt.FramelessWindowHint) : Qt.Window
    color: Theme.background
    title: qsTr("Application status")

    Binding {
        target: Theme
        property: "scale"
        value: Math.min(root.width, root.height) / 1080
    }
    Binding { target: Theme; property: "pxPerMm"; value: root.screenDpi / 25.4 }
    Binding { target: Theme; property: "highContrast"; value: root.a11yVm.highContrast }
    Binding { target: Theme; property: "largeText"; value: root.a11yVm.largeText }

    Item {
        id: content
        anchors.fill: parent
        // Mirror everything for right-to-left languages; keypad and numbers pin themselves.
        LayoutMirroring.enabled: root.flowVm.isRightToLeft
        LayoutMirroring.childrenInherit: true

        // Screens compile when first shown, so start-up pays only for the welcome screen.
        Loader {
            id: screenLoader
            objectName: "screen_loader"
            anchors.top: parent.top
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: a11yBar.top
        }

        AccessibilityBar {
            id: a11yBar
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: statusLine.top
            height: implicitHeight
            vm: root.a11yVm
        }

        StatusLine {
            id: statusLine
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            height: implicitHeight
            syncVm: root.syncVm
        }

        // A lookup waiting out the kiosk-wide slowdown: "checking", over the screen only.
        Loader {
            anchors.fill: screenLoader
            active: root.lookupVm !== null && root.lookupVm.checking
            source: "components/CheckingOverlay.qml"
        }

        // The language menu over the current screen (top bar's language button) and the idle
        // warning: by URL, so each compiles the first time it shows, not with the window.
        Loader {
            anchors.fill: parent
            active: root.flowVm.languageMenuOpen
            Component.onCompleted: setSource("components/LanguageMenu.qml",
                                             { flowVm: root.flowVm })
        }
        Loader {
            anchors.fill: parent
            active: root.flowVm.idleWarningVisible
            Component.onCompleted: setSource("components/IdleWarning.qml",
                                             { flowVm: root.flowVm })
        }
    }

    readonly property var bookingScreens: ({
        "book_service": "BookingServiceScreen.qml",
        "book_day": "BookingDayScreen.qml",
        "book_time": "BookingTimeScreen.qml",
        "book_confirm": "BookingConfirmScreen.qml",
        "booked": "BookingDoneScreen.qml",
        "cancel_confirm": "BookingCancelScreen.qml"
    })

    function showScreen() {
        const name = root.flowVm.screen
        if (name === "lookup")
            screenLoader.setSource("screens/LookupScreen.qml",
                                   { flowVm: root.flowVm, lookupVm: root.lookupVm })
        else if (name === "result")
            screenLoader.setSource("screens/ResultScreen.qml",
                                   { flowVm: root.flowVm, resultVm: root.resultVm,
                                     syncVm: root.syncVm, checklistVm: root.checklistVm,
                                     bookingVm: root.bookingVm, formVm: root.formVm })
        else if (name === "checklist")
            screenLoader.setSource("screens/ChecklistScreen.qml",
                                   { flowVm: root.flowVm, checklistVm: root.checklistVm })
        else if (name in root.bookingScreens)
            screenLoader.setSource("screens/" + root.bookingScreens[name],
                                   { flowVm: root.flowVm, bookingVm: root.bookingVm })
        else if (name === "walk_in")
            screenLoader.setSource("screens/WalkInScreen.qml",
                                   { flowVm: root.flowVm, walkInVm: root.walkInVm })
        else if (name === "form")
            screenLoader.setSource("screens/FormScreen.qml",
                                   { flowVm: root.flowVm, formVm: root.formVm })
        else if (name === "questions")
            screenLoader.setSource("screens/QuestionsScreen.qml",
                                   { flowVm: root.flowVm, questionsVm: root.questionsVm })
        else if (name === "answer")
            screenLoader.setSource("screens/QuestionsAnswerScreen.qml",
                                   { flowVm: root.flowVm, questionsVm: root.questionsVm })
        else if (name === "browse")
            screenLoader.setSource("screens/BrowseScreen.qml",
                                   { flowVm: root.flowVm, browseVm: root.browseVm })
        else
            screenLoader.setSource("screens/WelcomeScreen.qml", { flowVm: root.flowVm })
    }

    Connections {
        target: root.flowVm
        function onScreenChanged() { root.showScreen() }
    }
    Component.onCompleted: showScreen()
}
