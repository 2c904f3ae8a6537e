import QtQuick
import QtQuick.Layouts
import "."

// The signed-in desk: today's appointments on the left, the open case on the right, the
// status line below. Shortcuts: F2 case field, F4 conflicts, F5 refresh, F6 devices
// (supervisors), F7 walk-in queue (inside it F8 to F12 and Ctrl+T), F3 forms inbox (inside it
// Ctrl+1/2/3 and Ctrl+O), Ctrl+B text snippets (inside it Ctrl+P hand over, Ctrl+Shift+C
// copy), Ctrl+P receipt, Ctrl+Q sign out.
FocusScope {
    id: desk
    required property QtObject sessionVm
    required property QtObject todayVm
    required property QtObject caseVm
    required property QtObject statusVm
    required property QtObject conflictsVm
    required property QtObject fleetVm
    required property QtObject walkInVm
    required property QtObject formsVm
    required property QtObject snippetsVm
    required property QtObject languageVm
    property string officeName
    property bool conflictsOpen: false
    property bool fleetOpen: false
    property bool walkInOpen: false
    property bool formsOpen: false
    property bool snippetsOpen: false

    Component.onCompleted: casePanel.focusCaseField()

    Shortcut {
        sequence: "F2"
        onActivated: {
            desk.conflictsOpen = false; desk.closeFleet(); desk.closeWalkIn(); desk.closeForms()
            desk.snippetsOpen = false
            casePanel.focusCaseField()
        }
    }
    Shortcut { sequence: "F4"; onActivated: desk.toggleConflicts() }
    Shortcut {
        sequence: "F5"
        onActivated: desk.fleetOpen ? desk.fleetVm.refresh()
                                    : desk.walkInOpen ? desk.walkInVm.refresh()
                                    : desk.formsOpen ? desk.formsVm.refresh()
                                    : desk.snippetsOpen ? desk.snippetsVm.refresh() : desk.todayVm.refresh()
    }
    Shortcut { sequence: "F6"; enabled: desk.sessionVm.mayViewFleet; onActivated: desk.toggleFleet() }
    Shortcut { sequence: "F7"; onActivated: desk.toggleWalkIn() }
    Shortcut { sequence: "F3"; onActivated: desk.toggleForms() }
    Shortcut { sequence: "Ctrl+B"; onActivated: desk.toggleSnippets() }
    Shortcut {
        sequence: "Ctrl+P"
        enabled: desk.caseVm.loaded && !desk.snippetsOpen  // in the snippets: hand one over
        onActivated: desk.caseVm.printReceipt()
    }
    Shortcut { sequence: "Ctrl+Q"; onActivated: desk.sessionVm.signOut() }
    Shortcut {
        sequence: "Escape"
        enabled: desk.conflictsOpen || desk.fleetOpen || desk.walkInOpen || desk.formsOpen
                 || desk.snippetsOpen
        onActivated: {
            desk.conflictsOpen = false; desk.closeFleet(); desk.closeWalkIn(); desk.closeForms()
            desk.snippetsOpen = false
            casePanel.focusCaseField()
        }
    }

    function toggleConflicts() {
        conflictsOpen = !conflictsOpen
        if (conflictsOpen) {
            closeFleet()
            closeWalkIn()
            closeForms()
            snippetsOpen = false
            conflictsVm.refresh()
            conflictsPanel.forceActiveFocus()
        }
    }

    function toggleFleet() {
        if (fleetOpen) {
            closeFleet()
            casePanel.focusCaseField()
            return
        }
        conflictsOpen = false
        closeWalkIn()
        closeForms()
        snippetsOpen = false
        fleetOpen = true
        fleetVm.start()
        fleetPanel.focusList()
    }

    function toggleWalkIn() {
        if (walkInOpen) {
            closeWalkIn()
            casePanel.focusCaseField()
            return
        }
        conflictsOpen = false
        closeFleet()
        closeForms()
        snippetsOpen = false
        walkInOpen = true
        walkInVm.start()
        walkInPanel.focusCallNext()
    }

    function toggleForms() {
        if (formsOpen) {
            closeForms()
            casePanel.focusCaseField()
            return
        }
        conflictsOpen = false
        closeFleet()
        closeWalkIn()
        snippetsOpen = false
        formsOpen = true
        formsVm.start()
        formsPanel.focusList()
    }

    function toggleSnippets() {
        if (snippetsOpen) {
            snippetsOpen = false
            casePanel.focusCaseField()
            return
        }
        conflictsOpen = false
        closeFleet()
        closeWalkIn()
        closeForms()
        snippetsOpen = true
        snippetsVm.start()
        snippetsPanel.focusSearch()
    }

    function closeForms() {
        if (formsOpen) {
            formsOpen = false
            formsVm.stop()
        }
    }

    // A scanned (or typed) kiosk receipt: the request opens in the forms inbox.
    Connections {
        target: desk.caseVm
        function onFormScanned(receipt) {
            if (!desk.formsOpen)
                desk.toggleForms()
            desk.formsVm.openForm(receipt)
        }
    }

    // "Open the case" in the forms inbox: the case view's own open path (F2's field).
    Connections {
        target: desk.formsVm
        function onOpenCaseRequested(caseNumber) {
            desk.closeForms()
            desk.caseVm.open(caseNumber)
            casePanel.focusCaseField()
        }
    }

    function closeWalkIn() {
        if (walkInOpen) {
            walkInOpen = false
            walkInVm.stop()
        }
    }

    function closeFleet() {
        if (fleetOpen) {
            fleetOpen = false
            fleetVm.stop()
        }
    }

    Rectangle {
        id: header
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        height: 64
        color: CounterStyle.primary
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: CounterStyle.margin
            anchors.rightMargin: CounterStyle.margin
            spacing: CounterStyle.spacing
            DeskText {
                text: qsTr("Counter") + " · " + desk.officeName
                color: CounterStyle.textOnPrimary
                font.pixelSize: CounterStyle.title
                font.weight: Font.Bold
                Layout.fillWidth: true
                elide: Text.ElideRight
                wrapMode: Text.NoWrap
            }
            DeskText {
                objectName: "clerk_name"
                text: qsTr("Signed in: {name}").replace("{name}", desk.sessionVm.clerk)
                color: CounterStyle.textOnPrimary
            }
            ActionButton {
                objectName: "snippets_button"
                text: desk.snippetsOpen ? qsTr("Back to the desk (Ctrl+B)") : qsTr("Snippets (Ctrl+B)")
                onClicked: desk.toggleSnippets()
            }
            ActionButton {
                objectName: "forms_button"
                text: desk.formsOpen ? qsTr("Back to the desk (F3)") : qsTr("Forms (F3)")
                onClicked: desk.toggleForms()
            }
            ActionButton {
                objectName: "walk_in_button"
                text: desk.walkInOpen ? qsTr("Back to the desk (F7)") : qsTr("Walk-in queue (F7)")
                onClicked: desk.toggleWalkIn()
            }
            ActionButton {
                objectName: "fleet_button"
                visible: desk.sessionVm.mayViewFleet
                text: desk.fleetOpen ? qsTr("Back to the desk (F6)") : qsTr("Devices (F6)")
                onClicked: desk.toggleFleet()
            }
            LanguageButton { languageVm: desk.languageVm }
            ActionButton {
                objectName: "sign_out_button"
                text: qsTr("Sign out (Ctrl+Q)")
                onClicked: desk.sessionVm.signOut()
            }
        }
    }

    TodayPanel {
        id: todayPanel
        todayVm: desk.todayVm
        // Under a full view: out of the Tab chain too.
        visible: !desk.fleetOpen && !desk.walkInOpen && !desk.formsOpen && !desk.snippetsOpen
        anchors.left: parent.left
        anchors.top: header.bottom
        anchors.bottom: statusBar.top
        width: 600
    }

    CasePanel {
        id: casePanel
        caseVm: desk.caseVm
        visible: !desk.fleetOpen && !desk.walkInOpen && !desk.formsOpen && !desk.snippetsOpen
        anchors.left: todayPanel.right
        anchors.right: parent.right
        anchors.top: header.bottom
        anchors.bottom: statusBar.top
    }

    ConflictsPanel {
        id: conflictsPanel
        conflictsVm: desk.conflictsVm
        visible: desk.conflictsOpen
        anchors.right: parent.right
        anchors.top: header.bottom
        anchors.bottom: statusBar.top
        width: 820
        onCloseRequested: { desk.conflictsOpen = false; casePanel.focusCaseField() }
    }

    FleetPanel {
        id: fleetPanel
        fleetVm: desk.fleetVm
        visible: desk.fleetOpen
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: header.bottom
        anchors.bottom: statusBar.top
        onCloseRequested: { desk.closeFleet(); casePanel.focusCaseField() }
    }

    WalkInPanel {
        id: walkInPanel
        walkInVm: desk.walkInVm
        visible: desk.walkInOpen
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: header.bottom
        anchors.bottom: statusBar.top
        onCloseRequested: { desk.closeWalkIn(); casePanel.focusCaseField() }
    }

    FormsPanel {
        id: formsPanel
        formsVm: desk.formsVm
        visible: desk.formsOpen
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: header.bottom
        anchors.bottom: statusBar.top
        onCloseRequested: { desk.closeForms(); casePanel.focusCaseField() }
    }

    SnippetsPanel {
        id: snippetsPanel
        snippetsVm: desk.snippetsVm
        visible: desk.snippetsOpen
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: header.bottom
        anchors.bottom: statusBar.top
        onCloseRequested: { desk.snippetsOpen = false; casePanel.focusCaseField() }
    }

    StatusBar {
        id: statusBar
        statusVm: desk.statusVm
        conflictsVm: desk.conflictsVm
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        onConflictsRequested: desk.toggleConflicts()
    }
}
